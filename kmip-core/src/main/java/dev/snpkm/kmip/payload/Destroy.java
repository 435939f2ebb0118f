package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Destroy payloads (KMIP 1.4 §4.21, 2.1 §6.1.15): request {Unique Identifier?} → response {Unique Identifier}. */
public final class Destroy {
    private Destroy() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder (KMIP 1.4 §4 intro) */
    public record Request(@Nullable UniqueIdentifier uniqueIdentifier) implements RequestPayload {}

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.DESTROY,
            Request.class,
            r -> new Request(r.optUid(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()),
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()));
}
