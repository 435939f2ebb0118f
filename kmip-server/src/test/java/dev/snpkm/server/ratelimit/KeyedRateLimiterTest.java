package dev.snpkm.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final KeyedRateLimiter limiter = new KeyedRateLimiter(new RateLimit(2, 3), now::get);

    @Test
    void aClientGetsItsBurstThenItsRateAndOthersAreUnaffected() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isTrue();
        }
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b"))
                .as("another certificate has its own bucket")
                .isTrue();

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500)); // 2/s: one token back
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.refused()).isEqualTo(2);
    }

    @Test
    void anIdleClientsBucketRefillsOnlyToTheBurst() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        int granted = 0;
        while (limiter.tryAcquire("a")) {
            granted++;
        }
        assertThat(granted).isEqualTo(3);
    }
}
