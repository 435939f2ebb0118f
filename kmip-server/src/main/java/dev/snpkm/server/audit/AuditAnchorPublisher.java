package dev.snpkm.server.audit;

import dev.snpkm.server.chores.PeriodicChore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the audit chain's head outside the store, so that cutting off the newest records (which leaves a valid,
 * shorter chain) is caught by {@code kmipctl audit verify --anchor}: a log line {@code event=audit_anchor seq=N
 * head=<hex>} whenever the head moved since the last one (checked every interval, and at start and stop), and the
 * gauge {@code kmip_audit_chain_records} (the head's seq), which Prometheus keeps with its own retention.
 */
public final class AuditAnchorPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditAnchorPublisher.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final AuditLog log;
    private final AtomicLong records = new AtomicLong();
    private final AtomicReference<AuditLog.Head> published = new AtomicReference<>();
    private final PeriodicChore chore;

    private AuditAnchorPublisher(AuditLog log, Duration interval) {
        this.log = log;
        this.chore = PeriodicChore.start("audit-anchor", interval, interval, this::publishIfMoved);
    }

    /** Publishes now and then every {@code interval} on a daemon thread until {@link #close()}. */
    public static AuditAnchorPublisher start(AuditLog log, MeterRegistry meters, Duration interval) {
        Objects.requireNonNull(log, "log");
        AuditAnchorPublisher p = new AuditAnchorPublisher(log, interval);
        Gauge.builder("kmip_audit_chain_records", p.records, AtomicLong::get)
                .description("sequence number of the newest audit record (the chain's length); compare with the "
                        + "event=audit_anchor log lines to detect a cut-off tail")
                .register(meters);
        p.publish();
        return p;
    }

    /** Logs the head if it moved, on the caller's thread; a store failure is retried at the next scheduled run. */
    public void publish() {
        chore.runNow();
    }

    private void publishIfMoved() {
        AuditLog.Head head = log.head();
        records.set(head.seq());
        if (!head.equals(published.getAndSet(head))) {
            LOG.info(
                    "event=audit_anchor seq={} head={}",
                    head.seq(),
                    head.text().substring(head.text().indexOf(':') + 1));
        }
    }

    /**
     * Stops the schedule, waiting for a run in progress; call {@link #publish} after the last record (the stop record)
     * yourself.
     */
    @Override
    public void close() {
        chore.close();
    }
}
