package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Get Usage Allocation payloads (KMIP 1.4 §4.18, 2.1 §6.1.29): request {Unique Identifier?, Usage Limits Count} →
 * response {Unique Identifier}. The count is in the units of the object's Usage Limits Unit.
 */
public final class GetUsageAllocation {
    private GetUsageAllocation() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder (KMIP 1.4 §4 intro) */
    public record Request(@Nullable UniqueIdentifier uniqueIdentifier, long usageLimitsCount)
            implements RequestPayload {
        public static Request of(String uid, long count) {
            return new Request(UniqueIdentifier.of(uid), count);
        }
    }

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.GET_USAGE_ALLOCATION,
            Request.class,
            r -> new Request(
                    r.optUid(Tag.UNIQUE_IDENTIFIER),
                    r.required(Tag.USAGE_LIMITS_COUNT, Ttlv.LongInteger.class).value()),
            (p, w) -> w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .longInteger(Tag.USAGE_LIMITS_COUNT, p.usageLimitsCount()),
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()));
}
