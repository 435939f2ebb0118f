package dev.snpkm.server.chores;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task the server repeats on a daemon thread of its own, a fixed delay after each run ends: the expired nonce purge,
 * the deny list's store sync, the refusal summaries, the audit anchor. A failing run never ends the schedule (an
 * exception would silently cancel it): it is counted and retried at the next run, and logged once per outage, not once
 * per run, so a database down for an hour does not flood the log; the first good run after it logs the recovery.
 *
 * <p>Closing stops the schedule and waits for a run in progress, however long, and never interrupts it: an interrupt
 * inside an H2 write closes H2's file channel, and with it the whole store, and no run may reach a store being closed.
 */
public final class PeriodicChore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicChore.class);
    private static final Duration AWAIT_LOG_EVERY = Duration.ofSeconds(5);

    private final String name;
    private final Runnable task;
    private final @Nullable Counter failureCounter;
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService timer;
    private long failuresInOutage;
    private boolean failing;

    private PeriodicChore(String name, Runnable task, @Nullable Counter failureCounter) {
        this.name = name;
        this.task = task;
        this.failureCounter = failureCounter;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code task} {@code firstRun} from now, then {@code every} after each run ends, until {@link #close()}.
     *
     * @param name the thread's name and the {@code chore=} field of the log lines
     * @param failureCounter also counts the failed runs (a metric of the chore's owner); null for none
     */
    public static PeriodicChore start(
            String name, Duration firstRun, Duration every, @Nullable Counter failureCounter, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (every.isNegative() || every.isZero() || firstRun.isNegative()) {
            throw new IllegalArgumentException("chore " + name
                    + " needs a positive interval and no negative first delay, got " + every + " and " + firstRun);
        }
        PeriodicChore chore = new PeriodicChore(name, task, failureCounter);
        chore.timer.scheduleWithFixedDelay(chore::runNow, firstRun.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return chore;
    }

    /** A chore whose failures only this class counts ({@link #failures()}). */
    public static PeriodicChore start(String name, Duration firstRun, Duration every, Runnable task) {
        return start(name, firstRun, every, null, task);
    }

    /** Runs the task now, on the caller's thread, its failure handled as a scheduled run's; whether it succeeded. */
    public boolean runNow() {
        return runNow(
                () -> {
                    task.run();
                    return true;
                },
                false);
    }

    /**
     * Runs other work of the chore's owner now, on the caller's thread, under the chore's failure handling (a result
     * the task's schedule does not need, e.g. a count for the caller).
     *
     * @return the work's result, or {@code otherwise} if it failed
     */
    public <T> T runNow(Supplier<T> work, T otherwise) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            failed(e);
            return otherwise;
        }
        recovered();
        return result;
    }

    private synchronized void failed(RuntimeException e) {
        failures.incrementAndGet();
        if (failureCounter != null) {
            failureCounter.increment();
        }
        failuresInOutage++;
        if (!failing) {
            failing = true;
            LOG.error(
                    "event=chore_failed chore={} error=\"{}\" note=\"retried; logged once until it recovers\"",
                    name,
                    e.toString());
        }
    }

    private synchronized void recovered() {
        if (failing) {
            failing = false;
            LOG.info("event=chore_recovered chore={} failed_runs={}", name, failuresInOutage);
            failuresInOutage = 0;
        }
    }

    /** Runs that failed since the start. */
    public long failures() {
        return failures.get();
    }

    /** Stops the schedule and waits, without interrupting it, for a run in progress to end. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            while (!timer.awaitTermination(AWAIT_LOG_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("event=chore_awaited chore={} note=\"stopping once the run in progress ends\"", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
