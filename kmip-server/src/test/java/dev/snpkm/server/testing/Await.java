package dev.snpkm.server.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for what another thread does: a condition it makes true, a latch it releases. */
public final class Await {
    private Await() {}

    /** Returns once the condition holds; fails the test if it does not within {@code seconds}. */
    public static void until(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Returns once the latch is released; fails the test if it is not within {@code seconds} or the wait is
     * interrupted. Throws nothing checked, so a task handed to another thread can call it.
     */
    public static void released(CountDownLatch latch, int seconds) {
        try {
            if (!latch.await(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a latch", e);
        }
    }
}
