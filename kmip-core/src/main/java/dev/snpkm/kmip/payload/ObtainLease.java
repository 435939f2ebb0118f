package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Obtain Lease payloads (KMIP 1.4 §4.13, 2.1 §6.1.32): request {Unique Identifier?} → response {Unique Identifier,
 * Lease Time (Interval, seconds), Last Change Date}. The response carries no key material.
 */
public final class ObtainLease {
    private ObtainLease() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder */
    public record Request(@Nullable UniqueIdentifier uniqueIdentifier) implements RequestPayload {}

    public record Response(String uniqueIdentifier, long leaseTimeSeconds, long lastChangeDate)
            implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.OBTAIN_LEASE,
            Request.class,
            r -> new Request(r.optUid(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()),
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    r.required(Tag.LEASE_TIME, Ttlv.Interval.class).seconds(),
                    r.required(Tag.LAST_CHANGE_DATE, Ttlv.DateTime.class).epochSeconds()),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .interval(Tag.LEASE_TIME, p.leaseTimeSeconds())
                    .dateTime(Tag.LAST_CHANGE_DATE, p.lastChangeDate()));
}
