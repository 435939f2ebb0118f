package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.operations.ResultReasons;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The open multi-part operations of one kind (KMIP 1.3+ Init Indicator / Correlation Value / Final Indicator): each
 * kept under a random 16-byte Correlation Value, for the client that opened it and the key it named only, bounded in
 * number and idle time so that abandoned streams cannot pile up. A part takes the stream out while it runs, so two
 * parts of one stream never run at once; a failed part ends the stream.
 *
 * <p>Some streams hold their input until the last part (an AES-GCM or key-wrap Decrypt: the JDK releases nothing
 * before the tag is verified). What the open streams hold is bounded too, per stream and in all, counted from the
 * streams themselves ({@code weight}), so that a stream which is dropped, expires or fails frees its share at once.
 *
 * @param <T> the JCA object carrying the state (Cipher, Signature, Mac, MessageDigest)
 */
public final class ServiceStreams<T> {
    public static final int DEFAULT_CAPACITY = 1024;
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);
    private static final int CORRELATION_BYTES = 16;
    /** A client may hold this fraction of the streams (1/16: 64 of the default 1,024). */
    private static final int CLIENT_SHARE = 16;

    /** What one stream may hold back, and all of them together, by default: within the shipped 512 MiB heap. */
    public static final long DEFAULT_HELD_PER_STREAM = 16L << 20;

    public static final long DEFAULT_HELD_IN_ALL = 64L << 20;

    private final Map<Bytes, Open<T>> open = new ConcurrentHashMap<>();
    /**
     * Streams taken out for a part that is running (weighted streams only): what they hold still counts, until they are
     * put back or {@link #done}; one a part failed to return expires like an idle stream.
     */
    private final Map<Bytes, Open<T>> running = new ConcurrentHashMap<>();

    private final int capacity;
    private final Duration idle;
    private final ToLongFunction<T> weight;
    private final long heldPerStream;
    private final long heldInAll;

    /** One stream: who opened it, on which key, its state and when it was last used. */
    public record Open<T>(String client, String uid, T state, Instant lastUsed) {}

    public ServiceStreams() {
        this(DEFAULT_CAPACITY, DEFAULT_IDLE);
    }

    public ServiceStreams(int capacity, Duration idle) {
        this(capacity, idle, state -> 0, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Streams whose states hold {@code weight} bytes each, bounded per stream and in all. */
    public ServiceStreams(ToLongFunction<T> weight) {
        this(DEFAULT_CAPACITY, DEFAULT_IDLE, weight, DEFAULT_HELD_PER_STREAM, DEFAULT_HELD_IN_ALL);
    }

    public ServiceStreams(int capacity, Duration idle, ToLongFunction<T> weight, long heldPerStream, long heldInAll) {
        this.capacity = capacity;
        this.idle = idle;
        this.weight = weight;
        this.heldPerStream = heldPerStream;
        this.heldInAll = heldInAll;
    }

    /** Keeps a stream after its first part; returns its Correlation Value. Refused when the table is full. */
    public synchronized Bytes put(String client, String uid, T state, SecureRandom random, Clock clock, KmipVersion v) {
        evictIdle(clock);
        if (open.size() >= capacity) {
            throw ResultReasons.serverLimitExceeded(
                    v,
                    "the server holds " + capacity + " open streams, its limit; "
                            + "finish a stream (Final Indicator) or retry once idle ones expire");
        }
        int perClient = Math.max(1, capacity / CLIENT_SHARE);
        if (open.values().stream().filter(o -> o.client().equals(client)).count() >= perClient) {
            // One client must not take every slot from the others.
            throw ResultReasons.serverLimitExceeded(
                    v,
                    "this client holds " + perClient + " open streams, its share; "
                            + "finish a stream (Final Indicator) or retry once idle ones expire");
        }
        requireRoomFor(state, v);
        byte[] id = new byte[CORRELATION_BYTES];
        random.nextBytes(id);
        Bytes correlation = Bytes.of(id);
        open.put(correlation, new Open<>(client, uid, state, clock.instant()));
        return correlation;
    }

    /**
     * Puts a stream back after a non-final part, under the same Correlation Value; refused, and the stream ended, if
     * it now holds more than its share or the streams together more than their bound.
     */
    public synchronized void putBack(Bytes correlation, Open<T> stream, Clock clock, KmipVersion v) {
        running.remove(correlation);
        requireRoomFor(stream.state(), v);
        open.put(correlation, new Open<>(stream.client(), stream.uid(), stream.state(), clock.instant()));
    }

    /** The part of a taken stream ended it (its final part, or a failure): what it held no longer counts. */
    public void done(Bytes correlation) {
        running.remove(correlation);
    }

    private void requireRoomFor(T state, KmipVersion v) {
        long held = weight.applyAsLong(state);
        if (held == 0) {
            return;
        }
        if (held > heldPerStream) {
            throw ResultReasons.serverLimitExceeded(
                    v,
                    "this stream holds " + held + " bytes until its final part, more than the " + heldPerStream
                            + " a stream may; send the data in fewer bytes or single-shot in smaller pieces");
        }
        long all = held;
        for (Open<T> o : open.values()) {
            all += weight.applyAsLong(o.state());
        }
        for (Open<T> o : running.values()) {
            all += weight.applyAsLong(o.state());
        }
        if (all > heldInAll) {
            throw ResultReasons.serverLimitExceeded(
                    v,
                    "the open streams would hold " + all + " bytes until their final parts, more than the " + heldInAll
                            + " the server keeps for them; finish a stream or retry later");
        }
    }

    /**
     * Takes the stream out for one part; null if the Correlation Value names no open stream of this client (another
     * client's stream is indistinguishable from none).
     */
    public @Nullable Open<T> take(Bytes correlation, String client, Clock clock) {
        evictIdle(clock);
        Open<T> s = open.remove(correlation);
        if (s != null && !s.client().equals(client)) {
            open.put(correlation, s);
            return null;
        }
        if (s != null && weight.applyAsLong(s.state()) > 0) {
            running.put(correlation, new Open<>(s.client(), s.uid(), s.state(), clock.instant()));
        }
        return s;
    }

    public int size() {
        return open.size();
    }

    private void evictIdle(Clock clock) {
        Instant oldest = clock.instant().minus(idle);
        open.values().removeIf(o -> o.lastUsed().isBefore(oldest));
        running.values().removeIf(o -> o.lastUsed().isBefore(oldest));
    }
}
