package dev.snpkm.server.transport;

import dev.snpkm.server.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits that keep one network peer, authenticated or not, from taking the listener away from the others.
 *
 * @param maxConnectionsPerSource connections one source address (an IPv4 address, an IPv6 /64) may hold
 * @param maxHandshakesPerSource connections of one source that may be in their TLS handshake at once
 * @param reservedConnections the last slots of {@code maxConnections}, given only to sources holding no connection
 *     yet: a peer that filled the rest cannot lock a newcomer out
 * @param handshakeTimeoutUnderPressure the handshake budget of connections accepted while the server is under
 *     pressure (a quarter of its slots in handshake, or three quarters taken)
 * @param frameTimeout a request must arrive whole within this from its first byte (slowloris)
 * @param maxUnsentResponseBytes a connection whose unsent responses exceed this stops being read, and its queued
 *     requests wait, until the client has read them down to half
 * @param requestRate requests per second one client certificate may send, over all its connections
 * @param maxQueuedRequestBytes requests read but waiting behind their connection's running one, over the whole
 *     server; past it a request is answered "busy" in its turn (see {@link RequestMemory})
 */
public record PeerLimits(
        int maxConnectionsPerSource,
        int maxHandshakesPerSource,
        int reservedConnections,
        Duration handshakeTimeoutUnderPressure,
        Duration frameTimeout,
        int maxUnsentResponseBytes,
        RateLimit requestRate,
        long maxQueuedRequestBytes) {

    public PeerLimits {
        Objects.requireNonNull(handshakeTimeoutUnderPressure, "handshakeTimeoutUnderPressure");
        Objects.requireNonNull(frameTimeout, "frameTimeout");
        Objects.requireNonNull(requestRate, "requestRate");
        if (maxConnectionsPerSource < 1
                || maxHandshakesPerSource < 1
                || reservedConnections < 0
                || maxUnsentResponseBytes < 1024
                || maxQueuedRequestBytes < 0) {
            throw new IllegalArgumentException("per-source limits must be positive, the reserve not negative and "
                    + "the unsent-response bound at least 1 KiB");
        }
        if (!positive(handshakeTimeoutUnderPressure) || !positive(frameTimeout)) {
            throw new IllegalArgumentException("the pressure handshake timeout and the frame timeout must be positive");
        }
    }

    /**
     * Defaults: 100 connections and 20 handshakes per source, 50 reserved, 2 s handshakes under pressure, 30 s per
     * request frame, 4 MiB of unsent responses, 64 MiB of queued requests server-wide, and a per-client request
     * rate of 200,000/s (burst 400,000): a ceiling well above this server's measured capacity (20-34k Gets/s at 16
     * connections on 2 cores, docs/benchmarks/store.md), so code embedding the server and its benchmarks are not
     * throttled. The appliance sets its own, lower rate (appliance-defaults.yaml, limits.per-client).
     */
    public static PeerLimits defaults() {
        return new PeerLimits(
                100,
                20,
                50,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                4 * 1024 * 1024,
                new RateLimit(200_000, 400_000),
                64L * 1024 * 1024);
    }

    public PeerLimits withPerSource(int connections, int handshakes) {
        return new PeerLimits(
                connections,
                handshakes,
                reservedConnections,
                handshakeTimeoutUnderPressure,
                frameTimeout,
                maxUnsentResponseBytes,
                requestRate,
                maxQueuedRequestBytes);
    }

    public PeerLimits withReservedConnections(int reserved) {
        return new PeerLimits(
                maxConnectionsPerSource,
                maxHandshakesPerSource,
                reserved,
                handshakeTimeoutUnderPressure,
                frameTimeout,
                maxUnsentResponseBytes,
                requestRate,
                maxQueuedRequestBytes);
    }

    public PeerLimits withHandshakeTimeoutUnderPressure(Duration timeout) {
        return new PeerLimits(
                maxConnectionsPerSource,
                maxHandshakesPerSource,
                reservedConnections,
                timeout,
                frameTimeout,
                maxUnsentResponseBytes,
                requestRate,
                maxQueuedRequestBytes);
    }

    public PeerLimits withFrameTimeout(Duration timeout) {
        return new PeerLimits(
                maxConnectionsPerSource,
                maxHandshakesPerSource,
                reservedConnections,
                handshakeTimeoutUnderPressure,
                timeout,
                maxUnsentResponseBytes,
                requestRate,
                maxQueuedRequestBytes);
    }

    public PeerLimits withMaxUnsentResponseBytes(int bytes) {
        return new PeerLimits(
                maxConnectionsPerSource,
                maxHandshakesPerSource,
                reservedConnections,
                handshakeTimeoutUnderPressure,
                frameTimeout,
                bytes,
                requestRate,
                maxQueuedRequestBytes);
    }

    public PeerLimits withRequestRate(RateLimit rate) {
        return new PeerLimits(
                maxConnectionsPerSource,
                maxHandshakesPerSource,
                reservedConnections,
                handshakeTimeoutUnderPressure,
                frameTimeout,
                maxUnsentResponseBytes,
                rate,
                maxQueuedRequestBytes);
    }

    public PeerLimits withMaxQueuedRequestBytes(long bytes) {
        return new PeerLimits(
                maxConnectionsPerSource,
                maxHandshakesPerSource,
                reservedConnections,
                handshakeTimeoutUnderPressure,
                frameTimeout,
                maxUnsentResponseBytes,
                requestRate,
                bytes);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
