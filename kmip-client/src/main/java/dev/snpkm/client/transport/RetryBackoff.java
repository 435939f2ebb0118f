package dev.snpkm.client.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the pause before attempt n+1 is half the capped exponential step plus a
 * random share of the other half, so guests that boot together after an appliance outage do not reconnect in step.
 */
record RetryBackoff(Duration initial, Duration max) {

    /** The pause after failed attempt {@code attempt} (1-based). */
    Duration after(int attempt) {
        long initialMs = initial.toMillis();
        if (initialMs == 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(attempt - 1, 30);
        long step = Math.min(max.toMillis(), initialMs << shift);
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
    }
}
