package dev.snpkm.appliance.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when the store stays unreachable. H2 closes an embedded database after a fatal error (an
 * OutOfMemoryError inside a write, an interrupted file channel); the pool then keeps handing out connections to the
 * closed database and every release fails "store unavailable" until someone restarts the appliance. A restart either
 * reopens the store or fails loudly at start, so after {@code failures} consecutive failed probes this calls
 * {@code onDead}, which exits non-zero for systemd or Docker to restart it. One failed probe is not enough: a pool
 * briefly exhausted by a burst must not restart a healthy appliance.
 */
public final class StoreWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWatchdog.class);

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_FAILURES = 3;

    private final ScheduledExecutorService timer;
    private final BooleanSupplier reachable;
    private final int failuresAllowed;
    private final Runnable onDead;
    private int failures;
    private boolean fired;

    private StoreWatchdog(BooleanSupplier reachable, int failures, Runnable onDead) {
        this.reachable = reachable;
        this.failuresAllowed = failures;
        this.onDead = onDead;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** Probes {@code reachable} every {@code interval}; calls {@code onDead} once after {@code failures} in a row. */
    public static StoreWatchdog start(BooleanSupplier reachable, Duration interval, int failures, Runnable onDead) {
        StoreWatchdog w = new StoreWatchdog(reachable, failures, onDead);
        w.timer.scheduleWithFixedDelay(w::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    private void probe() {
        if (fired) {
            return;
        }
        if (reachable.getAsBoolean()) {
            failures = 0;
            return;
        }
        failures++;
        LOG.warn("event=store_unreachable consecutive={} of={}", failures, failuresAllowed);
        if (failures >= failuresAllowed) {
            fired = true;
            LOG.error(
                    "event=store_dead consecutive_failures={}; exiting so the supervisor restarts the appliance",
                    failures);
            onDead.run();
        }
    }

    /** Stops probing; called before the store is closed on purpose. */
    @Override
    public void close() {
        timer.shutdown(); // never interrupt: a probe may be inside an H2 read
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
