package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Encrypt payloads (KMIP 1.4 §4.29, 2.1 §6.1 Encrypt). Request {Unique Identifier?, Cryptographic Parameters?, Data?,
 * IV/Counter/Nonce?, Correlation Value?, Init Indicator?, Final Indicator?, Authenticated Encryption Additional Data?
 * (1.4+)} → response {Unique Identifier, Data?, IV/Counter/Nonce? (when the server generated it), Correlation Value?,
 * Authenticated Encryption Tag? (1.4+)}. The plaintext is a {@link Secret}: it is wiped with the request.
 */
public final class Encrypt {
    private Encrypt() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable CryptographicParameters parameters,
            @Nullable Secret data,
            @Nullable Bytes ivCounterNonce,
            StreamIndicators stream,
            @Nullable Bytes additionalData)
            implements RequestPayload {
        public Request {
            stream = stream == null ? StreamIndicators.SINGLE_SHOT : stream;
        }

        public static Request of(String uid, CryptographicParameters parameters, byte[] data) {
            return new Request(
                    UniqueIdentifier.of(uid), parameters, Secret.of(data), null, StreamIndicators.SINGLE_SHOT, null);
        }
    }

    public record Response(
            String uniqueIdentifier,
            @Nullable Bytes data,
            @Nullable Bytes ivCounterNonce,
            @Nullable Bytes correlationValue,
            @Nullable Bytes tag)
            implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.ENCRYPT,
            Request.class,
            Encrypt::readRequest,
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                ServiceFields.parameters(w, p.parameters());
                w.secret(Tag.DATA, p.data()).bytes(Tag.IV_COUNTER_NONCE, p.ivCounterNonce());
                p.stream().write(w);
                w.bytes(Tag.AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA, p.additionalData());
            },
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    r.optBytes(Tag.DATA),
                    r.optBytes(Tag.IV_COUNTER_NONCE),
                    StreamIndicators.readCorrelation(r),
                    ServiceFields.optBytesSince14(r, Tag.AUTHENTICATED_ENCRYPTION_TAG)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .bytes(Tag.DATA, p.data())
                    .bytes(Tag.IV_COUNTER_NONCE, p.ivCounterNonce())
                    .bytes(Tag.CORRELATION_VALUE, p.correlationValue())
                    .bytes(Tag.AUTHENTICATED_ENCRYPTION_TAG, p.tag()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        return new Request(
                r.optUid(Tag.UNIQUE_IDENTIFIER),
                ServiceFields.parameters(r),
                r.optSecret(Tag.DATA),
                r.optBytes(Tag.IV_COUNTER_NONCE),
                StreamIndicators.read(r),
                ServiceFields.optBytesSince14(r, Tag.AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA));
    }
}
