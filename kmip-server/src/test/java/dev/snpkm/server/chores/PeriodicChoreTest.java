package dev.snpkm.server.chores;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PeriodicChoreTest {
    private static final Duration TICK = Duration.ofMillis(10);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(PeriodicChore.class);

    private @Nullable Level configured;

    @BeforeEach
    void captureLog() {
        configured = logger.getLevel();
        logger.setLevel(Level.INFO); // the recovery line is INFO; the tests' log configuration may hide it
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
        logger.setLevel(configured);
    }

    @Test
    void theTaskRunsAgainAndAgainOnANamedDaemonThread() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        try (PeriodicChore chore = PeriodicChore.start("test-chore", Duration.ZERO, TICK, () -> {
            thread.complete(Thread.currentThread());
            runs.incrementAndGet();
        })) {
            await(() -> runs.get() >= 3);
            assertThat(chore.failures()).isZero();
        }
        Thread t = thread.get(5, TimeUnit.SECONDS);
        assertThat(t.getName()).isEqualTo("test-chore");
        assertThat(t.isDaemon()).isTrue();
        int stopped = runs.get();
        Thread.sleep(5 * TICK.toMillis());
        assertThat(runs.get()).as("no run after close").isEqualTo(stopped);
    }

    @Test
    void failuresAreCountedRetriedAndLoggedOncePerOutage() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger runs = new AtomicInteger();
        Counter counter = Counter.builder("test.failures").register(new SimpleMeterRegistry());
        try (PeriodicChore chore = PeriodicChore.start("flaky", Duration.ZERO, TICK, counter, () -> {
            runs.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("database down");
            }
        })) {
            await(() -> chore.failures() >= 5);
            down.set(false);
            await(() -> lines("event=chore_recovered", "flaky").length >= 1);
            down.set(true);
            await(() -> lines("event=chore_failed", "flaky").length >= 2);
            down.set(false);
            await(() -> lines("event=chore_recovered", "flaky").length >= 2);

            assertThat(counter.count()).isEqualTo(chore.failures()).isGreaterThanOrEqualTo(6);
        }
        assertThat(lines("event=chore_failed", "flaky"))
                .hasSize(2)
                .allMatch(l -> l.contains("chore=flaky") && l.contains("database down"));
        assertThat(lines("event=chore_recovered", "flaky")[0]).matches(".*chore=flaky failed_runs=([5-9]|\\d\\d+)$");
    }

    @Test
    void runNowRunsOnTheCallersThreadUnderTheSameFailureHandling() {
        try (PeriodicChore chore = PeriodicChore.start("manual", Duration.ofHours(1), Duration.ofHours(1), () -> {
            throw new IllegalStateException("no");
        })) {
            assertThat(chore.runNow()).isFalse();
            assertThat(chore.runNow(() -> 7, 0)).isEqualTo(7);
            assertThat(chore.<Integer>runNow(
                            () -> {
                                throw new IllegalStateException("again");
                            },
                            -1))
                    .isEqualTo(-1);
            assertThat(chore.failures()).isEqualTo(2);
        }
        assertThat(lines("event=chore_failed", "manual")).hasSize(2);
        assertThat(lines("event=chore_recovered", "manual")).hasSize(1);
    }

    @Test
    void closeWaitsForTheRunInProgressWithoutInterruptingIt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        PeriodicChore chore = PeriodicChore.start("slow", Duration.ZERO, TICK, () -> {
            running.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            ended.set(true);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(chore::close);
        Thread.sleep(100);
        assertThat(closing).as("close returned while the run was in progress").isNotDone();

        finish.countDown();
        closing.get(5, TimeUnit.SECONDS);

        assertThat(ended).isTrue();
        assertThat(interrupted).isFalse();
    }

    /**
     * The lines so far of one chore (a chore another test class left running logs to the same logger); the appender
     * appends under its own lock (AppenderBase.doAppend), so copy under it too.
     */
    private String[] lines(String event, String chore) {
        List<ILoggingEvent> events;
        synchronized (log) {
            events = new ArrayList<>(log.list);
        }
        return events.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith(event))
                .filter(m -> (m + " ").contains(" chore=" + chore + " "))
                .toArray(String[]::new);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
