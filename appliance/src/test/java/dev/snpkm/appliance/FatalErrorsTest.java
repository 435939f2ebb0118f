package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {
    @Test
    void aWorkerDyingOfOutOfMemoryEndsTheProcessWithExit3() throws Exception {
        List<Integer> halted = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        ExecutorService workers = pool(FatalErrors.handler(code -> {
            halted.add(code);
            handled.countDown();
        }));
        workers.execute(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        workers.shutdown();

        // The handler runs in the dying thread, after the pool has counted it gone: wait for it, not for the pool.
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(halted).containsExactly(FatalErrors.EXIT_FATAL);
        assertThat(FatalErrors.EXIT_FATAL).isEqualTo(3);
    }

    @Test
    void aThreadDyingOfAnyOtherErrorEndsTheProcessWithExit3Too() throws Exception {
        List<Integer> halted = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            throw new StackOverflowError();
        });
        t.setUncaughtExceptionHandler(FatalErrors.handler(halted::add));
        t.start();
        t.join(5000);

        assertThat(halted).containsExactly(FatalErrors.EXIT_FATAL);
    }

    @Test
    void aThreadDyingOfAnExceptionIsLoggedButDoesNotEndTheProcess() throws Exception {
        List<Integer> halted = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            throw new IllegalStateException("a bug in one task");
        });
        t.setUncaughtExceptionHandler(FatalErrors.handler(halted::add));
        t.start();
        t.join(5000);

        assertThat(halted).isEmpty();
    }

    /** A pool like the KMIP workers': its threads have no handler of their own, so the default one applies. */
    private static ExecutorService pool(Thread.UncaughtExceptionHandler handler) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "worker");
            t.setUncaughtExceptionHandler(handler);
            return t;
        });
    }
}
