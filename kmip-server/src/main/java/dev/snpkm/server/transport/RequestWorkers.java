package dev.snpkm.server.transport;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs requests off the event loops. Bounded in threads and in queue, and it never blocks the
 * caller: when both are full, {@link #trySubmit} says so and the event loop answers "busy" at once.
 */
final class RequestWorkers {
    private final ThreadPoolExecutor pool;

    RequestWorkers(int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "kmip-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the task; false if every worker is busy and the queue is full, or the pool is shutting down. */
    boolean trySubmit(Runnable task) {
        try {
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Tasks waiting for a worker. */
    int queued() {
        return pool.getQueue().size();
    }

    boolean isShutdown() {
        return pool.isShutdown();
    }

    /** Takes no new tasks, lets queued and running ones finish for up to {@code grace}; true if all finished. */
    boolean shutdown(Duration grace) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
