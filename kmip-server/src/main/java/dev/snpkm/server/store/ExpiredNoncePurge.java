package dev.snpkm.server.store;

import dev.snpkm.server.chores.PeriodicChore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of consumed attestation nonces once they have expired. Nonces are stateless (a MAC over client,
 * object and expiry, nothing stored when issued); a release records its nonce as consumed, so that a replay is refused
 * on every node sharing the store. A row is needed only while its nonce could still pass the MAC's expiry check, on
 * any node: so it is kept {@link #CLOCK_SKEW_GRACE} past its expiry, for nodes whose clocks are behind the purging
 * node's (without it, a node 2 s behind accepted a replay of a nonce the purge had just deleted).
 */
public final class ExpiredNoncePurge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredNoncePurge.class);

    /** How often an appliance purges: nonces live 60 s by default, so at most a few minutes' worth are kept. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** How far behind the purging node's clock another node's may be and still find a consumed nonce's row. */
    public static final Duration CLOCK_SKEW_GRACE = Duration.ofMinutes(5);

    private final NonceStore nonces;
    private final Clock clock;
    private final PeriodicChore chore;

    private ExpiredNoncePurge(NonceStore nonces, Clock clock, Duration interval) {
        this.nonces = nonces;
        this.clock = clock;
        this.chore = PeriodicChore.start("nonce-purge", Duration.ZERO, interval, this::purge);
    }

    /**
     * Purges now and then every {@code interval} on a daemon thread until {@link #close()}; a store failure is retried
     * at the next run ({@link PeriodicChore}).
     */
    public static ExpiredNoncePurge start(NonceStore nonces, Clock clock, Duration interval) {
        Objects.requireNonNull(nonces, "nonces");
        Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the nonce purge interval must be positive, got " + interval);
        }
        return new ExpiredNoncePurge(nonces, clock, interval);
    }

    /** One purge on the caller's thread, its failure handled as a scheduled one's: how many nonces went (0 if none). */
    public int runOnce() {
        return chore.runNow(this::purge, 0);
    }

    private int purge() {
        int purged = nonces.purgeExpired(clock.instant().minus(CLOCK_SKEW_GRACE));
        if (purged > 0) {
            LOG.debug("event=nonces_purged count={}", purged);
        }
        return purged;
    }

    /** Stops the schedule and waits for a purge in progress: no purge may run against a database being closed. */
    @Override
    public void close() {
        chore.close();
    }
}
