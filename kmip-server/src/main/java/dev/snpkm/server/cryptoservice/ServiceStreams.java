package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The open multi-part operations of one kind (KMIP 1.3+ Init Indicator / Correlation Value / Final Indicator): each
 * kept under a random 16-byte Correlation Value, for the client that opened it and the key it named only, bounded in
 * number and idle time so that abandoned streams cannot pile up. A part takes the stream out while it runs, so two
 * parts of one stream never run at once; a failed part ends the stream.
 *
 * @param <T> the JCA object carrying the state (Cipher, Signature, Mac, MessageDigest)
 */
public final class ServiceStreams<T> {
    public static final int DEFAULT_CAPACITY = 1024;
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);
    private static final int CORRELATION_BYTES = 16;

    private final Map<Bytes, Open<T>> open = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration idle;

    /** One stream: who opened it, on which key, its state and when it was last used. */
    public record Open<T>(String client, String uid, T state, Instant lastUsed) {}

    public ServiceStreams() {
        this(DEFAULT_CAPACITY, DEFAULT_IDLE);
    }

    public ServiceStreams(int capacity, Duration idle) {
        this.capacity = capacity;
        this.idle = idle;
    }

    /** Keeps a stream after its first part; returns its Correlation Value. Refused when the table is full. */
    public Bytes put(String client, String uid, T state, SecureRandom random, Clock clock, KmipVersion v) {
        evictIdle(clock);
        if (open.size() >= capacity) {
            throw new KmipOperationException(
                    v.isTwoOrLater() ? ResultReason.SERVER_LIMIT_EXCEEDED : ResultReason.GENERAL_FAILURE,
                    "the server holds " + capacity + " open streams, its limit; "
                            + "finish a stream (Final Indicator) or retry once idle ones expire");
        }
        byte[] id = new byte[CORRELATION_BYTES];
        random.nextBytes(id);
        Bytes correlation = Bytes.of(id);
        open.put(correlation, new Open<>(client, uid, state, clock.instant()));
        return correlation;
    }

    /** Puts a stream back after a non-final part, under the same Correlation Value. */
    public void putBack(Bytes correlation, Open<T> stream, Clock clock) {
        open.put(correlation, new Open<>(stream.client(), stream.uid(), stream.state(), clock.instant()));
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
        return s;
    }

    public int size() {
        return open.size();
    }

    private void evictIdle(Clock clock) {
        Instant oldest = clock.instant().minus(idle);
        for (Iterator<Open<T>> it = open.values().iterator(); it.hasNext(); ) {
            if (it.next().lastUsed().isBefore(oldest)) {
                it.remove();
            }
        }
    }
}
