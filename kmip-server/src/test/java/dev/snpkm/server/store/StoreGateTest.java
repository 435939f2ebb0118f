package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.Await;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StoreGateTest {
    /** A waiting store holds new transactions back for a minute here (20 ms in the server): long enough to see. */
    private final StoreGate gate = new StoreGate(TimeUnit.MINUTES.toNanos(1));
    /** Threads of their own: the tests block some on purpose (the common pool may have one thread). */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Runs a statement inside the gate on another thread; completes when it has run. */
    private CompletableFuture<Void> statement(boolean writtenBefore, Runnable body) {
        return CompletableFuture.runAsync(() -> gate.inside(writtenBefore, body::run), threads);
    }

    /** Starts a store on another thread that runs body; completes when the store is done. */
    private CompletableFuture<Void> store(Runnable body) {
        return CompletableFuture.runAsync(() -> gate.alone(body), threads);
    }

    @Test
    void aStoreWaitsForTheStatementInsideAndNoStatementRunsDuringIt() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        CompletableFuture<Void> running = statement(false, () -> {
            inside.countDown();
            Await.released(leave, 10);
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean storeRan = new AtomicBoolean();
        // Set as the store's last act, inside the gate: the future completes only after the gate has opened again,
        // so a statement let in at that moment may still see the future not done.
        AtomicBoolean storeFinished = new AtomicBoolean();
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch finishStore = new CountDownLatch(1);
        CompletableFuture<Void> stored = store(() -> {
            storeRan.set(true);
            storing.countDown();
            Await.released(finishStore, 10);
            storeFinished.set(true);
        });
        assertThat(storing.await(200, TimeUnit.MILLISECONDS))
                .as("the store ran while a statement was inside")
                .isFalse();
        leave.countDown();
        running.get(5, TimeUnit.SECONDS);
        assertThat(storing.await(5, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean ranDuringStore = new AtomicBoolean();
        CompletableFuture<Void> written =
                statement(true, () -> ranDuringStore.compareAndSet(false, !storeFinished.get()));
        CompletableFuture<Void> fresh =
                statement(false, () -> ranDuringStore.compareAndSet(false, !storeFinished.get()));
        Thread.sleep(100);
        assertThat(written).as("a statement ran during the store").isNotDone();
        assertThat(fresh).as("a statement ran during the store").isNotDone();
        finishStore.countDown();
        CompletableFuture.allOf(stored, written, fresh).get(5, TimeUnit.SECONDS);
        assertThat(storeRan).isTrue();
        assertThat(ranDuringStore).isFalse();
    }

    @Test
    void whileAStoreWaitsAWrittenTransactionGoesOnAndANewOneWaits() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        CompletableFuture<Void> blocked = statement(true, () -> {
            inside.countDown();
            Await.released(leave, 10); // as a statement waiting for a row lock another transaction holds
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stored = store(() -> {});
        Await.until(gate::storeWaiting, 5);
        // The lock holder has written: its commit goes on even though a store waits, and frees the blocked one.
        statement(true, leave::countDown).get(5, TimeUnit.SECONDS);
        blocked.get(5, TimeUnit.SECONDS);
        stored.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aNewTransactionWaitsForAWaitingStoreOnlyForTheHoldTime() throws Exception {
        StoreGate quick = new StoreGate(TimeUnit.MILLISECONDS.toNanos(20));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(
                () -> quick.inside(true, () -> {
                    inside.countDown();
                    Await.released(leave, 10);
                }),
                threads);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stored = CompletableFuture.runAsync(() -> quick.alone(() -> {}), threads);
        Await.until(quick::storeWaiting, 5);
        // A new transaction that holds what the blocked statement needs (a Java lock, say) gets through after the
        // hold, and the store then runs: no deadlock.
        CompletableFuture.runAsync(() -> quick.inside(false, leave::countDown), threads)
                .get(5, TimeUnit.SECONDS);
        blocked.get(5, TimeUnit.SECONDS);
        stored.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aNewTransactionWaitsWhileAStoreWaits() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        CompletableFuture<Void> blocked = statement(true, () -> {
            inside.countDown();
            Await.released(leave, 10);
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stored = store(() -> {});
        Await.until(gate::storeWaiting, 5);
        CompletableFuture<Void> fresh = statement(false, () -> {});
        Thread.sleep(100);
        assertThat(fresh).as("a new transaction ran while a store waited").isNotDone();
        leave.countDown();
        CompletableFuture.allOf(blocked, stored, fresh).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aStoreWithNothingInsideRunsAtOnce() throws Exception {
        store(() -> {}).get(1, TimeUnit.SECONDS);
        statement(false, () -> {}).get(1, TimeUnit.SECONDS);
    }
}
