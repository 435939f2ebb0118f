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
 * Decrypt payloads (KMIP 1.4 §4.30, 2.1 §6.1 Decrypt). Request {Unique Identifier?, Cryptographic Parameters?, Data?,
 * IV/Counter/Nonce?, Correlation Value?, Init Indicator?, Final Indicator?, Authenticated Encryption Additional Data?,
 * Authenticated Encryption Tag? (both 1.4+)} → response {Unique Identifier, Data?, Correlation Value?}. The recovered
 * plaintext is a {@link Secret}.
 */
public final class Decrypt {
    private Decrypt() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable CryptographicParameters parameters,
            @Nullable Bytes data,
            @Nullable Bytes ivCounterNonce,
            StreamIndicators stream,
            @Nullable Bytes additionalData,
            @Nullable Bytes tag)
            implements RequestPayload {
        public Request {
            stream = stream == null ? StreamIndicators.SINGLE_SHOT : stream;
        }

        public static Request of(String uid, CryptographicParameters parameters, byte[] data, byte @Nullable [] iv) {
            return new Request(
                    UniqueIdentifier.of(uid),
                    parameters,
                    Bytes.of(data),
                    iv == null ? null : Bytes.of(iv),
                    StreamIndicators.SINGLE_SHOT,
                    null,
                    null);
        }
    }

    public record Response(
            String uniqueIdentifier,
            @Nullable Secret data,
            @Nullable Bytes correlationValue) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.DECRYPT,
            Request.class,
            Decrypt::readRequest,
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                ServiceFields.parameters(w, p.parameters());
                w.bytes(Tag.DATA, p.data()).bytes(Tag.IV_COUNTER_NONCE, p.ivCounterNonce());
                p.stream().write(w);
                w.bytes(Tag.AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA, p.additionalData())
                        .bytes(Tag.AUTHENTICATED_ENCRYPTION_TAG, p.tag());
            },
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER), r.optSecret(Tag.DATA), StreamIndicators.readCorrelation(r)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .secret(Tag.DATA, p.data())
                    .bytes(Tag.CORRELATION_VALUE, p.correlationValue()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        return new Request(
                r.optUid(Tag.UNIQUE_IDENTIFIER),
                ServiceFields.parameters(r),
                r.optBytes(Tag.DATA),
                r.optBytes(Tag.IV_COUNTER_NONCE),
                StreamIndicators.read(r),
                ServiceFields.optBytesSince14(r, Tag.AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA),
                ServiceFields.optBytesSince14(r, Tag.AUTHENTICATED_ENCRYPTION_TAG));
    }
}
