package dev.snpkm.server.transport;

import java.util.concurrent.atomic.LongAdder;

/** Connection and request events the transport counts, for metrics and tests. Thread-safe. */
public final class TransportCounters {
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsRejected = new LongAdder();
    final LongAdder handshakeFailures = new LongAdder();
    final LongAdder framingErrors = new LongAdder();
    final LongAdder invalidMessages = new LongAdder();
    final LongAdder busyResponses = new LongAdder();
    final LongAdder idleClosures = new LongAdder();
    final LongAdder requestsProcessed = new LongAdder();
    final LongAdder sourceRefusals = new LongAdder();
    final LongAdder frameTimeouts = new LongAdder();
    final LongAdder readPauses = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder httpRefusals = new LongAdder();

    /** Connections that got past the connection limit. */
    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** Connections closed on accept: the server was full, or their source at its limit or asking for the reserve. */
    public long connectionsRejected() {
        return connectionsRejected.sum();
    }

    public long handshakeFailures() {
        return handshakeFailures.sum();
    }

    /** Connections closed because a TTLV header was unusable or announced an oversize message. */
    public long framingErrors() {
        return framingErrors.sum();
    }

    /** Well-framed messages that failed to decode and were answered with Invalid Message. */
    public long invalidMessages() {
        return invalidMessages.sum();
    }

    /** Requests answered "server busy" because the worker pool or the connection's queue was full. */
    public long busyResponses() {
        return busyResponses.sum();
    }

    public long idleClosures() {
        return idleClosures.sum();
    }

    public long requestsProcessed() {
        return requestsProcessed.sum();
    }

    /** Of {@link #connectionsRejected}: those refused for their source (per-source limits or the reserve). */
    public long sourceRefusals() {
        return sourceRefusals.sum();
    }

    /** Connections closed because a request frame did not arrive whole within the frame timeout. */
    public long frameTimeouts() {
        return frameTimeouts.sum();
    }

    /** Times a connection stopped being read because its unsent responses or queued requests hit their bound. */
    public long readPauses() {
        return readPauses.sum();
    }

    /** Requests refused because their client exceeded its request rate. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** HTTPS requests refused with an HTTP error status before they reached KMIP (bad method, path, type, size). */
    public long httpRefusals() {
        return httpRefusals.sum();
    }
}
