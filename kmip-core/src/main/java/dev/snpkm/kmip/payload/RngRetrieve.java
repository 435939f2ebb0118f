package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Secret;
import java.util.Objects;

/**
 * RNG Retrieve payloads (KMIP 1.4 §4.35, 2.1 §6.1 RNG Retrieve): request {Data Length (bytes)} → response {Data}. The
 * random bytes may become a client's key, so they are a {@link Secret}.
 */
public final class RngRetrieve {
    private RngRetrieve() {}

    public record Request(int dataLength) implements RequestPayload {}

    public record Response(Secret data) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(data, "data");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.RNG_RETRIEVE,
            Request.class,
            r -> new Request(r.integer(Tag.DATA_LENGTH)),
            (p, w) -> w.integer(Tag.DATA_LENGTH, p.dataLength()),
            Response.class,
            r -> new Response(r.secret(Tag.DATA)),
            (p, w) -> w.secret(Tag.DATA, p.data()));
}
