package dev.snpkm.server.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final ScheduledExecutorService timer;

    private AuditAnchorPublisher(AuditLog log, ScheduledExecutorService timer) {
        this.log = log;
        this.timer = timer;
    }

    /** Publishes now and then every {@code interval} on a daemon thread until {@link #close()}. */
    public static AuditAnchorPublisher start(AuditLog log, MeterRegistry meters, Duration interval) {
        Objects.requireNonNull(log, "log");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-anchor");
            t.setDaemon(true);
            return t;
        });
        AuditAnchorPublisher p = new AuditAnchorPublisher(log, timer);
        Gauge.builder("kmip_audit_chain_records", p.records, AtomicLong::get)
                .description("sequence number of the newest audit record (the chain's length); compare with the "
                        + "event=audit_anchor log lines to detect a cut-off tail")
                .register(meters);
        p.publish();
        timer.scheduleWithFixedDelay(p::publish, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    /** Logs the head if it moved; a store failure is logged and retried at the next run. */
    public void publish() {
        try {
            AuditLog.Head head = log.head();
            records.set(head.seq());
            if (!head.equals(published.getAndSet(head))) {
                LOG.info(
                        "event=audit_anchor seq={} head={}",
                        head.seq(),
                        head.text().substring(head.text().indexOf(':') + 1));
            }
        } catch (RuntimeException e) {
            LOG.warn("event=audit_anchor_failed error=\"{}\" (retried)", e.toString());
        }
    }

    /** Stops the schedule; call {@link #publish} after the last record (the stop record) yourself. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
