package dev.snpkm.client.transport;

import java.net.InetAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Timeouts, limits and retry policy of the client transport.
 *
 * @param connectTimeout TCP connect bound
 * @param readTimeout bound on the TLS handshake as a whole, and on each response as a whole from the moment its request
 *     was written (a peer sending a byte at a time does not extend it)
 * @param maxResponseBytes largest response accepted, TTLV header included; larger is refused unread
 * @param maxAttempts attempts per request, counting the first (only safe-to-retry failures are retried); with several
 *     servers, rounds: one round tries every server once, without pausing between them
 * @param initialBackoff pause before the second attempt (round); doubles per attempt, with jitter
 * @param maxBackoff cap on the pause
 * @param deadline no attempt starts later than this after the request was first tried; one attempt in progress is
 *     bounded by the connect timeout and twice the read timeout (a new connection's handshake, then the response). A
 *     request's whole budget is therefore at most deadline + connect timeout + 2 x read timeout, whatever the number
 *     of servers (and the host name's lookup, which the system resolver bounds)
 * @param localAddress the local address each connection's socket is bound to before it connects (a host with several
 *     interfaces or addresses choosing which one the server sees), or null for the one the system's routing picks
 */
public record TransportSettings(
        Duration connectTimeout,
        Duration readTimeout,
        int maxResponseBytes,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration deadline,
        @Nullable InetAddress localAddress) {
    /** The retry deadline unless set: longer than the default attempts take (about 15 s of backoff). */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

    public TransportSettings {
        if (connectTimeout.isZero()
                || connectTimeout.isNegative()
                || readTimeout.isZero()
                || readTimeout.isNegative()) {
            throw new IllegalArgumentException("connect and read timeouts must be positive");
        }
        if (maxResponseBytes < 8
                || maxAttempts < 1
                || initialBackoff.isNegative()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("response limit >= 8, attempts >= 1, 0 <= initial backoff <= max");
        }
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("the retry deadline must not be negative");
        }
    }

    /** Bound to no particular local address. */
    public TransportSettings(
            Duration connectTimeout,
            Duration readTimeout,
            int maxResponseBytes,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration deadline) {
        this(connectTimeout, readTimeout, maxResponseBytes, maxAttempts, initialBackoff, maxBackoff, deadline, null);
    }

    /** With the {@link #DEFAULT_DEADLINE}. */
    public TransportSettings(
            Duration connectTimeout,
            Duration readTimeout,
            int maxResponseBytes,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff) {
        this(connectTimeout, readTimeout, maxResponseBytes, maxAttempts, initialBackoff, maxBackoff, DEFAULT_DEADLINE);
    }

    /**
     * 5 s connect, 30 s read, 1 MiB responses, 6 attempts backing off from 250 ms to 8 s: about 15 s of retrying
     * covers a key manager that reboots while guests boot.
     */
    public static TransportSettings defaults() {
        return new TransportSettings(
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                1024 * 1024,
                6,
                Duration.ofMillis(250),
                Duration.ofSeconds(8));
    }

    public TransportSettings withReadTimeout(Duration timeout) {
        return new TransportSettings(
                connectTimeout,
                timeout,
                maxResponseBytes,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                deadline,
                localAddress);
    }

    public TransportSettings withConnectTimeout(Duration timeout) {
        return new TransportSettings(
                timeout,
                readTimeout,
                maxResponseBytes,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                deadline,
                localAddress);
    }

    public TransportSettings withMaxResponseBytes(int max) {
        return new TransportSettings(
                connectTimeout, readTimeout, max, maxAttempts, initialBackoff, maxBackoff, deadline, localAddress);
    }

    public TransportSettings withRetries(int attempts, Duration initial, Duration max) {
        return new TransportSettings(
                connectTimeout, readTimeout, maxResponseBytes, attempts, initial, max, deadline, localAddress);
    }

    public TransportSettings withDeadline(Duration d) {
        return new TransportSettings(
                connectTimeout,
                readTimeout,
                maxResponseBytes,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                d,
                localAddress);
    }

    /** Binds each connection's socket to this local address (any free port) before connecting; null: the system's. */
    public TransportSettings withLocalAddress(@Nullable InetAddress address) {
        return new TransportSettings(
                connectTimeout,
                readTimeout,
                maxResponseBytes,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                deadline,
                address);
    }
}
