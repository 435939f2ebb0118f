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
 * MAC Verify payloads (KMIP 1.4 §4.34, 2.1 §6.1 MAC Verify). Request {Unique Identifier?, Cryptographic Parameters?,
 * Data?, MAC Data?, Correlation Value?, Init Indicator?, Final Indicator?} → response {Unique Identifier, Validity
 * Indicator, Correlation Value?}. A MAC that does not match is a successful operation answering Invalid.
 */
public final class MacVerify {
    private MacVerify() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable CryptographicParameters parameters,
            @Nullable Bytes data,
            @Nullable Bytes macData,
            StreamIndicators stream)
            implements RequestPayload {
        public Request {
            stream = stream == null ? StreamIndicators.SINGLE_SHOT : stream;
        }

        public static Request of(String uid, CryptographicParameters parameters, byte[] data, byte[] mac) {
            return new Request(
                    UniqueIdentifier.of(uid), parameters, Bytes.of(data), Bytes.of(mac), StreamIndicators.SINGLE_SHOT);
        }
    }

    public record Response(
            String uniqueIdentifier,
            @Nullable EnumCode<ValidityIndicator> validityIndicator,
            @Nullable Bytes correlationValue)
            implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.MAC_VERIFY,
            Request.class,
            MacVerify::readRequest,
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                ServiceFields.parameters(w, p.parameters());
                w.bytes(Tag.DATA, p.data()).bytes(Tag.MAC_DATA, p.macData());
                p.stream().write(w);
            },
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    r.optEnumeration(Tag.VALIDITY_INDICATOR, ValidityIndicator.class),
                    StreamIndicators.readCorrelation(r)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .enumeration(Tag.VALIDITY_INDICATOR, p.validityIndicator())
                    .bytes(Tag.CORRELATION_VALUE, p.correlationValue()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        return new Request(
                r.optUid(Tag.UNIQUE_IDENTIFIER),
                ServiceFields.parameters(r),
                r.optBytes(Tag.DATA),
                r.optBytes(Tag.MAC_DATA),
                StreamIndicators.read(r));
    }
}
