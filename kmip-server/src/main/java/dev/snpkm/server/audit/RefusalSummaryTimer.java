package dev.snpkm.server.audit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the refusal summaries whose interval is over ({@link RefusalAudit#flushExpired}) on a daemon thread, so a
 * client that stops being refused still gets its count recorded; closing stops it and writes every pending summary,
 * so none is lost at a graceful stop.
 */
public final class RefusalSummaryTimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalSummaryTimer.class);

    private final ScheduledExecutorService timer;
    private final RefusalAudit refusals;

    private RefusalSummaryTimer(ScheduledExecutorService timer, RefusalAudit refusals) {
        this.timer = timer;
        this.refusals = refusals;
    }

    public static RefusalSummaryTimer start(RefusalAudit refusals, Duration every) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the refusal flush interval must be positive, got " + every);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "refusal-summaries");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        refusals.flushExpired();
                    } catch (RuntimeException e) {
                        LOG.warn("event=refusal_flush_failed error=\"{}\" (retried)", e.toString());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        return new RefusalSummaryTimer(timer, refusals);
    }

    /** Never interrupts a flush in progress: an interrupt inside an H2 write closes the store. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refusals.flushAll();
    }
}
