package dev.snpkm.server.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired attestation nonces on a schedule. Every challenge inserts a row and only a successful release marks
 * one used, so without this the nonce table grows with every unanswered or failed challenge. An expired nonce is
 * refused either way (EXPIRED while kept, UNKNOWN once purged), so purging changes no decision.
 */
public final class ExpiredNoncePurge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredNoncePurge.class);

    /** How often an appliance purges: nonces live 60 s by default, so at most a few minutes' worth are kept. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final NonceStore nonces;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private ExpiredNoncePurge(NonceStore nonces, Clock clock, ScheduledExecutorService timer) {
        this.nonces = nonces;
        this.clock = clock;
        this.timer = timer;
    }

    /** Purges now and then every {@code interval} on a daemon thread until {@link #close()}. */
    public static ExpiredNoncePurge start(NonceStore nonces, Clock clock, Duration interval) {
        Objects.requireNonNull(nonces, "nonces");
        Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the nonce purge interval must be positive, got " + interval);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nonce-purge");
            t.setDaemon(true);
            return t;
        });
        ExpiredNoncePurge purge = new ExpiredNoncePurge(nonces, clock, timer);
        timer.scheduleWithFixedDelay(purge::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return purge;
    }

    /** One purge; a store failure is logged and retried at the next run (it must not end the schedule). */
    public int runOnce() {
        try {
            int purged = nonces.purgeExpired(clock.instant());
            if (purged > 0) {
                LOG.debug("event=nonces_purged count={}", purged);
            }
            return purged;
        } catch (RuntimeException e) {
            LOG.warn("event=nonce_purge_failed error=\"{}\" (retried)", e.toString());
            return 0;
        }
    }

    /**
     * Stops the schedule and waits for a purge in progress to finish. Never interrupts it: an interrupt inside an H2
     * write closes H2's file channel, and with it the whole store (SIGTERM during a purge then lost the stop record
     * and exited 1). No purge may run against a database being closed, so this waits rather than returning early.
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            while (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.info("event=nonce_purge_awaited note=\"the store closes when the purge in progress ends\"");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
