package dev.snpkm.appliance.server;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.chores.PeriodicChore;
import java.time.Duration;

/**
 * The audit's periodic work of the appliance, on one daemon thread: chain the records kmipctl left in the inbox
 * ({@link AuditInbox}). The refusal summaries are written by the server's own timer (RefusalSummaryTimer).
 */
final class AuditChores implements AutoCloseable {
    private final PeriodicChore chore;

    private AuditChores(PeriodicChore chore) {
        this.chore = chore;
    }

    static AuditChores start(DataDirectory dir, AuditLog log, Duration every) {
        return new AuditChores(
                PeriodicChore.start("audit-chores", Duration.ZERO, every, () -> AuditInbox.ingest(dir, log)));
    }

    /** Waits for an ingest in progress (never interrupting it: it writes the store). */
    @Override
    public void close() {
        chore.close();
    }
}
