package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Bytes;
import org.jspecify.annotations.Nullable;

/**
 * Hash payloads (KMIP 1.4 §4.37, 2.1 §6.1 Hash). Request {Cryptographic Parameters (its Hashing Algorithm), Data?,
 * Correlation Value?, Init Indicator?, Final Indicator?} → response {Data? (the digest), Correlation Value?}. No
 * managed object is involved.
 */
public final class Hash {
    private Hash() {}

    public record Request(
            CryptographicParameters parameters, @Nullable Bytes data, StreamIndicators stream)
            implements RequestPayload {
        public Request {
            stream = stream == null ? StreamIndicators.SINGLE_SHOT : stream;
        }
    }

    public record Response(@Nullable Bytes data, @Nullable Bytes correlationValue) implements ResponsePayload {}

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.HASH,
            Request.class,
            Hash::readRequest,
            (p, w) -> {
                ServiceFields.parameters(w, p.parameters());
                w.bytes(Tag.DATA, p.data());
                p.stream().write(w);
            },
            Response.class,
            r -> new Response(r.optBytes(Tag.DATA), StreamIndicators.readCorrelation(r)),
            (p, w) -> w.bytes(Tag.DATA, p.data()).bytes(Tag.CORRELATION_VALUE, p.correlationValue()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        FieldReader p = r.struct(Tag.CRYPTOGRAPHIC_PARAMETERS); // required: it names the Hashing Algorithm
        return new Request(CryptographicParameters.decode(p), r.optBytes(Tag.DATA), StreamIndicators.read(r));
    }
}
