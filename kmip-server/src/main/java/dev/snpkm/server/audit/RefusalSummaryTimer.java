package dev.snpkm.server.audit;

import dev.snpkm.server.chores.PeriodicChore;
import java.time.Duration;

/**
 * Writes the refusal summaries whose interval is over ({@link RefusalAudit#flushExpired}) on a daemon thread, so a
 * client that stops being refused still gets its count recorded; closing stops it and writes every pending summary,
 * so none is lost at a graceful stop.
 */
public final class RefusalSummaryTimer implements AutoCloseable {
    private final PeriodicChore chore;
    private final RefusalAudit refusals;

    private RefusalSummaryTimer(PeriodicChore chore, RefusalAudit refusals) {
        this.chore = chore;
        this.refusals = refusals;
    }

    public static RefusalSummaryTimer start(RefusalAudit refusals, Duration every) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the refusal flush interval must be positive, got " + every);
        }
        return new RefusalSummaryTimer(
                PeriodicChore.start("refusal-summaries", every, every, refusals::flushExpired), refusals);
    }

    /** Waits for a flush in progress (never interrupting it), then writes every pending summary. */
    @Override
    public void close() {
        chore.close();
        refusals.flushAll();
    }
}
