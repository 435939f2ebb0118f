package dev.snpkm.appliance.server;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.audit.AuditLog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit's periodic work, on one daemon thread: chain the records kmipctl left in the inbox ({@link AuditInbox})
 * and write the refusal summaries whose interval is over ({@link RefusalAudit#flushExpired}). Closing stops it and
 * writes every pending refusal summary, so none is lost at a graceful stop.
 */
final class AuditChores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditChores.class);

    private final ScheduledExecutorService timer;
    private final RefusalAudit refusals;

    private AuditChores(ScheduledExecutorService timer, RefusalAudit refusals) {
        this.timer = timer;
        this.refusals = refusals;
    }

    static AuditChores start(DataDirectory dir, AuditLog log, RefusalAudit refusals, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-chores");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                AuditInbox.ingest(dir, log);
                refusals.flushExpired();
            } catch (RuntimeException e) {
                LOG.warn("event=audit_chores_failed error=\"{}\" (retried)", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return new AuditChores(timer, refusals);
    }

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
