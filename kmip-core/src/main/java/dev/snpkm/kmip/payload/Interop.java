package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.InteropFunction;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import java.util.Objects;

/**
 * Interop payloads (KMIP 2.1 §6.1.30): request {Interop Function, Interop Identifier} → an empty response. The
 * operation exists for test harnesses: it marks the start and end of an OASIS test case (Begin/End with the case id)
 * and asks the server to forget what a case left behind (Reset).
 */
public final class Interop {
    private Interop() {}

    /** @param identifier the test case's identifier, e.g. "BL-M-1-21" */
    public record Request(EnumCode<InteropFunction> function, String identifier) implements RequestPayload {
        public Request {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(identifier, "identifier");
        }
    }

    public record Response() implements ResponsePayload {}

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.INTEROP,
            Request.class,
            r -> new Request(
                    r.enumeration(Tag.INTEROP_FUNCTION, InteropFunction.class), r.text(Tag.INTEROP_IDENTIFIER)),
            (p, w) -> w.enumeration(Tag.INTEROP_FUNCTION, p.function()).text(Tag.INTEROP_IDENTIFIER, p.identifier()),
            Response.class,
            r -> new Response(),
            (p, w) -> {});
}
