package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import java.util.Objects;

/**
 * Log payloads (KMIP 2.1 §6.1.28): request {Log Message} → an empty response. The client asks the server to record a
 * message in its log; the server does not interpret it.
 */
public final class Log {
    private Log() {}

    public record Request(String message) implements RequestPayload {
        public Request {
            Objects.requireNonNull(message, "message");
        }
    }

    public record Response() implements ResponsePayload {}

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.LOG,
            Request.class,
            r -> new Request(r.text(Tag.LOG_MESSAGE)),
            (p, w) -> w.text(Tag.LOG_MESSAGE, p.message()),
            Response.class,
            r -> new Response(),
            (p, w) -> {});
}
