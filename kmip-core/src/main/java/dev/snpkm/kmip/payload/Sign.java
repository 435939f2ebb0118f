package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sign payloads (KMIP 1.4 §4.31, 2.1 §6.1 Sign). Request {Unique Identifier?, Cryptographic Parameters?, Data?,
 * Digested Data? (1.4+), Correlation Value?, Init Indicator?, Final Indicator?} → response {Unique Identifier,
 * Signature Data?, Correlation Value?}. Data is signed as is; Digested Data is a digest the client already computed.
 */
public final class Sign {
    private Sign() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable CryptographicParameters parameters,
            @Nullable Bytes data,
            @Nullable Bytes digestedData,
            StreamIndicators stream)
            implements RequestPayload {
        public Request {
            stream = stream == null ? StreamIndicators.SINGLE_SHOT : stream;
        }

        public static Request of(String uid, CryptographicParameters parameters, byte[] data) {
            return new Request(
                    UniqueIdentifier.of(uid), parameters, Bytes.of(data), null, StreamIndicators.SINGLE_SHOT);
        }
    }

    public record Response(
            String uniqueIdentifier,
            @Nullable Bytes signatureData,
            @Nullable Bytes correlationValue) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.SIGN,
            Request.class,
            Sign::readRequest,
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                ServiceFields.parameters(w, p.parameters());
                w.bytes(Tag.DATA, p.data()).bytes(Tag.DIGESTED_DATA, p.digestedData());
                p.stream().write(w);
            },
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER), r.optBytes(Tag.SIGNATURE_DATA), StreamIndicators.readCorrelation(r)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .bytes(Tag.SIGNATURE_DATA, p.signatureData())
                    .bytes(Tag.CORRELATION_VALUE, p.correlationValue()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        return new Request(
                r.optUid(Tag.UNIQUE_IDENTIFIER),
                ServiceFields.parameters(r),
                r.optBytes(Tag.DATA),
                ServiceFields.optBytesSince14(r, Tag.DIGESTED_DATA),
                StreamIndicators.read(r));
    }
}
