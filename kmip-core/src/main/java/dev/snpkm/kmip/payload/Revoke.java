package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Revoke payloads (KMIP 1.4 §4.20, 2.1 §6.1.46): request {Unique Identifier?, Revocation Reason, Compromise Occurrence
 * Date?} → response {Unique Identifier}.
 */
public final class Revoke {
    private Revoke() {}

    /** @param compromiseOccurrenceDate POSIX seconds, or null */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            RevocationReason revocationReason,
            @Nullable Long compromiseOccurrenceDate)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(revocationReason, "revocationReason");
        }
    }

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.REVOKE,
            Request.class,
            r -> new Request(
                    r.optUid(Tag.UNIQUE_IDENTIFIER),
                    RevocationReason.decode(r.struct(Tag.REVOCATION_REASON)),
                    r.optDateTime(Tag.COMPROMISE_OCCURRENCE_DATE)),
            (p, w) -> w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                    .add(p.revocationReason().toTtlv(Tag.REVOCATION_REASON))
                    .dateTime(Tag.COMPROMISE_OCCURRENCE_DATE, p.compromiseOccurrenceDate()),
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()));
}
