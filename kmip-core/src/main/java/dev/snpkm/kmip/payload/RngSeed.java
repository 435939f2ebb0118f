package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Secret;
import java.util.Objects;

/**
 * RNG Seed payloads (KMIP 1.4 §4.36, 2.1 §6.1 RNG Seed): request {Data (seed)} → response {Data Length (the number of
 * seed bytes the server accepted, which may be fewer, even none)}.
 */
public final class RngSeed {
    private RngSeed() {}

    public record Request(Secret data) implements RequestPayload {
        public Request {
            Objects.requireNonNull(data, "data");
        }
    }

    public record Response(int dataLength) implements ResponsePayload {}

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.RNG_SEED,
            Request.class,
            r -> new Request(r.secret(Tag.DATA)),
            (p, w) -> w.secret(Tag.DATA, p.data()),
            Response.class,
            r -> new Response(r.integer(Tag.DATA_LENGTH)),
            (p, w) -> w.integer(Tag.DATA_LENGTH, p.dataLength()));
}
