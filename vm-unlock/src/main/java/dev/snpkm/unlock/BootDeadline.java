package dev.snpkm.unlock;

import java.time.Duration;

/**
 * The one time budget of an unlock: the wait for the sev-guest driver, every connection attempt with its timeouts
 * and backoff, and cryptsetup all end by it, so a hung or unreachable key manager holds the boot for at most this
 * long before systemd's passphrase prompt takes over. The unit's TimeoutStartSec= adds the JVM's start and exit.
 */
public final class BootDeadline {
    /** README and units: 25 s, plus 5 s for the JVM = the units' TimeoutStartSec=30s. */
    public static final Duration DEFAULT = Duration.ofSeconds(25);
    /** Kept back from the key fetch for cryptsetup, which needs well under a second with the preferred key slot. */
    static final Duration CRYPTSETUP_RESERVE = Duration.ofSeconds(2);

    private final Duration total;
    private final long endNanos;

    private BootDeadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    static BootDeadline startingNow(Duration total) {
        if (total.compareTo(CRYPTSETUP_RESERVE.plusSeconds(1)) < 0) {
            throw new IllegalArgumentException("deadline must be at least "
                    + CRYPTSETUP_RESERVE.plusSeconds(1).toSeconds() + " s (it includes "
                    + CRYPTSETUP_RESERVE.toSeconds() + " s kept for cryptsetup)");
        }
        return new BootDeadline(total);
    }

    Duration total() {
        return total;
    }

    /** Time left; zero once passed. */
    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** Time left for getting the key: the remainder less what cryptsetup is kept. */
    Duration remainingForKey() {
        Duration left = remaining().minus(CRYPTSETUP_RESERVE);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** {@code d}, or less if the key fetch's remaining time is shorter; at least 1 ms (a socket timeout 0 is none). */
    Duration cap(Duration d) {
        Duration left = remainingForKey();
        Duration capped = d.compareTo(left) < 0 ? d : left;
        return capped.toMillis() < 1 ? Duration.ofMillis(1) : capped;
    }
}
