package dev.snpkm.server.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a client certificate's fingerprint), refilled continuously. The buckets live in a cache
 * bounded in count and dropped after a minute unused, so a flood of identities cannot grow it without bound (a
 * dropped bucket comes back full, which is what an idle client's bucket would be anyway). Thread-safe.
 */
public final class KeyedRateLimiter {
    /** Buckets kept at most; each is a few dozen bytes. */
    static final int MAX_KEYS = 100_000;

    private final RateLimit rate;
    private final LongSupplier nanoTime;
    private final Cache<String, Bucket> buckets;
    private final LongAdder refused = new LongAdder();

    public KeyedRateLimiter(RateLimit rate) {
        this(rate, System::nanoTime);
    }

    KeyedRateLimiter(RateLimit rate, LongSupplier nanoTime) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterAccess(Duration.ofMinutes(1))
                // Upkeep on the requesting thread: the default hands it to the common pool, a thread wake-up that
                // costs more than the upkeep itself on this per-request path.
                .executor(Runnable::run)
                .build();
    }

    /** Takes one token from the key's bucket; false (and counted) if it is empty. */
    public boolean tryAcquire(String key) {
        boolean ok = buckets.get(key, k -> new Bucket(rate.burst(), nanoTime.getAsLong()))
                .take(rate, nanoTime);
        if (!ok) {
            refused.increment();
        }
        return ok;
    }

    /** Refusals since start. */
    public long refused() {
        return refused.sum();
    }

    public RateLimit rate() {
        return rate;
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        synchronized boolean take(RateLimit rate, LongSupplier clock) {
            long now = clock.getAsLong();
            tokens = Math.min(rate.burst(), tokens + (now - lastNanos) * rate.perSecond() / 1e9);
            lastNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
