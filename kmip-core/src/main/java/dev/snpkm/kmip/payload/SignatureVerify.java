package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signature Verify payloads (KMIP 1.4 §4.32, 2.1 §6.1 Signature Verify). Request {Unique Identifier?, Cryptographic
 * Parameters?, Data?, Digested Data? (1.4+), Signature Data?, Correlation Value?, Init Indicator?, Final Indicator?}
 * → response {Unique Identifier, Validity Indicator (required except on a non-final stream part), Data? (recovered),
 * Correlation Value?}. A signature that does not verify is a successful operation answering Invalid.
 */
public final class SignatureVerify {
    private SignatureVerify() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable CryptographicParameters parameters,
            @Nullable Bytes data,
            @Nullable Bytes digestedData,
            @Nullable Bytes signatureData,
            StreamIndicators stream)
            implements RequestPayload {
        public Request {
            stream = stream == null ? StreamIndicators.SINGLE_SHOT : stream;
        }

        public static Request of(String uid, CryptographicParameters parameters, byte[] data, byte[] signature) {
            return new Request(
                    UniqueIdentifier.of(uid),
                    parameters,
                    Bytes.of(data),
                    null,
                    Bytes.of(signature),
                    StreamIndicators.SINGLE_SHOT);
        }
    }

    public record Response(
            String uniqueIdentifier,
            @Nullable EnumCode<ValidityIndicator> validityIndicator,
            @Nullable Bytes data,
            @Nullable Bytes correlationValue)
            implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.SIGNATURE_VERIFY,
            Request.class,
            SignatureVerify::readRequest,
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                ServiceFields.parameters(w, p.parameters());
                w.bytes(Tag.DATA, p.data())
                        .bytes(Tag.DIGESTED_DATA, p.digestedData())
                        .bytes(Tag.SIGNATURE_DATA, p.signatureData());
                p.stream().write(w);
            },
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    r.optEnumeration(Tag.VALIDITY_INDICATOR, ValidityIndicator.class),
                    r.optBytes(Tag.DATA),
                    StreamIndicators.readCorrelation(r)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .enumeration(Tag.VALIDITY_INDICATOR, p.validityIndicator())
                    .bytes(Tag.DATA, p.data())
                    .bytes(Tag.CORRELATION_VALUE, p.correlationValue()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        return new Request(
                r.optUid(Tag.UNIQUE_IDENTIFIER),
                ServiceFields.parameters(r),
                r.optBytes(Tag.DATA),
                ServiceFields.optBytesSince14(r, Tag.DIGESTED_DATA),
                r.optBytes(Tag.SIGNATURE_DATA),
                StreamIndicators.read(r));
    }
}
