package dev.snpkm.appliance.server;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.server.audit.AuditLog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit's periodic work of the appliance, on one daemon thread: chain the records kmipctl left in the inbox
 * ({@link AuditInbox}). The refusal summaries are written by the server's own timer (RefusalSummaryTimer).
 */
final class AuditChores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditChores.class);

    private final ScheduledExecutorService timer;

    private AuditChores(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static AuditChores start(DataDirectory dir, AuditLog log, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-chores");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        AuditInbox.ingest(dir, log);
                    } catch (RuntimeException e) {
                        LOG.warn("event=audit_chores_failed error=\"{}\" (retried)", e.toString());
                    }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        return new AuditChores(timer);
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
