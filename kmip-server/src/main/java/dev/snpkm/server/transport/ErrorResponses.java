package dev.snpkm.server.transport;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.FailureResponses;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Clock;
import java.util.Optional;

/**
 * The failures the transport answers itself, before any typed request exists: a message that cannot be decoded, a
 * server too busy to take it, a processor that crashed. Each says what went wrong and what to do; the Response
 * Message is built by kmip-core's {@link FailureResponses}, in the request's version when its first bytes name one
 * ({@link ProtocolVersionProbe}), else in {@link FailureResponses#FALLBACK_VERSION}.
 */
public final class ErrorResponses {
    private final FailureResponses failures;

    public ErrorResponses(Clock clock) {
        this.failures = new FailureResponses(clock);
    }

    /** The request decoded to no valid TTLV (KMIP 1.4 §11.1: Invalid Message). */
    public Ttlv.Structure invalidMessage(byte[] request, String problem) {
        return failure(request, ResultReason.INVALID_MESSAGE, problem);
    }

    /**
     * Every worker is busy and the queue is full; the client should retry. A limit of the server's, like {@link
     * #rateLimited}: a 2.x client can tell it from a failure by its reason alone (the unlock client retries on it).
     */
    public Ttlv.Structure serverBusy(byte[] request) {
        return limitReached(request, "server busy: too many requests in progress, retry shortly");
    }

    /** The client sent more requests than its rate allows. */
    public Ttlv.Structure rateLimited(byte[] request, String limit) {
        return limitReached(request, "rate limit exceeded: " + limit + "; slow down and retry");
    }

    /**
     * A limit of the server's that the request ran into, not a fault of the request: KMIP 2.x has "Server Limit
     * Exceeded" for it; 1.x has no such reason, so those versions get General Failure, and the message says which
     * limit and that a retry later will do.
     */
    private Ttlv.Structure limitReached(byte[] request, String message) {
        Optional<KmipVersion> v = ProtocolVersionProbe.read(request);
        boolean v2 = v.orElse(FailureResponses.FALLBACK_VERSION).isTwoOrLater();
        return failures.wholeMessage(
                v, v2 ? ResultReason.SERVER_LIMIT_EXCEEDED : ResultReason.GENERAL_FAILURE, message);
    }

    /** The server is shutting down and takes no new requests. */
    public Ttlv.Structure shuttingDown(byte[] request) {
        return failure(
                request, ResultReason.GENERAL_FAILURE, "server shutting down, retry on another node or after restart");
    }

    /** The processor failed unexpectedly; the message says nothing about the request's content. */
    public Ttlv.Structure internalError(byte[] request) {
        return failure(request, ResultReason.GENERAL_FAILURE, "internal server error");
    }

    private Ttlv.Structure failure(byte[] request, ResultReason reason, String message) {
        return failures.wholeMessage(ProtocolVersionProbe.read(request), reason, message);
    }
}
