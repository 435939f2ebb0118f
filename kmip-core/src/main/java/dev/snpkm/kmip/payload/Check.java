package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Check payloads (KMIP 1.4 §4.10, 2.1 §6.1.5): request {Unique Identifier?, Usage Limits Count?, Cryptographic Usage
 * Mask?, Lease Time?} → response with the same fields. A failed Check empties the ID Placeholder (KMIP 1.4 §4).
 */
public final class Check {
    private Check() {}

    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable Long usageLimitsCount,
            @Nullable Integer cryptographicUsageMask,
            @Nullable Long leaseTimeSeconds)
            implements RequestPayload {}

    public record Response(
            @Nullable String uniqueIdentifier,
            @Nullable Long usageLimitsCount,
            @Nullable Integer cryptographicUsageMask,
            @Nullable Long leaseTimeSeconds)
            implements ResponsePayload {}

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.CHECK,
            Request.class,
            r -> new Request(
                    r.optUid(Tag.UNIQUE_IDENTIFIER),
                    r.optLong(Tag.USAGE_LIMITS_COUNT),
                    r.optInteger(Tag.CRYPTOGRAPHIC_USAGE_MASK),
                    r.optInterval(Tag.LEASE_TIME)),
            (p, w) -> writeFields(
                    w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()),
                    p.usageLimitsCount(),
                    p.cryptographicUsageMask(),
                    p.leaseTimeSeconds()),
            Response.class,
            Check::readResponse,
            (p, w) -> writeFields(
                    w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()),
                    p.usageLimitsCount(),
                    p.cryptographicUsageMask(),
                    p.leaseTimeSeconds()));

    private static Response readResponse(FieldReader r) throws KmipMappingException {
        return new Response(
                r.optText(Tag.UNIQUE_IDENTIFIER),
                r.optLong(Tag.USAGE_LIMITS_COUNT),
                r.optInteger(Tag.CRYPTOGRAPHIC_USAGE_MASK),
                r.optInterval(Tag.LEASE_TIME));
    }

    private static void writeFields(FieldWriter w, @Nullable Long count, @Nullable Integer mask, @Nullable Long lease) {
        w.longInteger(Tag.USAGE_LIMITS_COUNT, count)
                .integer(Tag.CRYPTOGRAPHIC_USAGE_MASK, mask)
                .interval(Tag.LEASE_TIME, lease);
    }
}
