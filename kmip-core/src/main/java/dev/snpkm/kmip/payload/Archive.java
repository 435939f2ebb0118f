package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Archive payloads (KMIP 1.4 §4.22, 2.1 §6.1.4): request {Unique Identifier?} → response {Unique Identifier}. */
public final class Archive {
    private Archive() {}

    /** @param uniqueIdentifier null: use the batch's ID Placeholder (KMIP 1.4 §4 intro) */
    public record Request(@Nullable UniqueIdentifier uniqueIdentifier) implements RequestPayload {}

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = UidOnlyPayloads.mapping(
            Operation.ARCHIVE,
            Request.class,
            Request::new,
            Request::uniqueIdentifier,
            Response.class,
            Response::new,
            Response::uniqueIdentifier);
}
