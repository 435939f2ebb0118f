package dev.snpkm.server.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps H2's writes out of its stores: every statement that may change the store's maps, and every commit and
 * rollback, runs inside the gate ({@link GatedH2Connections}); the syncer's store runs alone ({@link #alone}).
 *
 * <p>Why: an H2 (MVStore) store takes each map's root one after the other, not all at once. One row write appends
 * its undo record to the transaction's undo log and then changes the table's map; a store that took the undo log
 * before that write and the table's map after it holds an uncommitted value with no undo record. Recovery after a
 * power cut rolls back what the undo logs name, so that value stays: a unit of work half there after the cut (seen as
 * an audit record without its object, an object destroyed without its Destroy record, a unique index holding a key
 * the table does not). Reproduced on H2 2.3.232 with plain JDBC (two inserts per transaction, four writers, a store
 * every 2 ms, each stored file reopened: 3 and 1 of 200 reopened files broke atomicity in two runs; with statements
 * gated too, 0 of 200). {@code ForcedStatesUnderConcurrentWritesIT} shows it through the store. H2's own stores, which
 * no gate can hold, are turned off ({@link H2OwnStores}).
 *
 * <p>Who waits: while a store waits, a statement that would start a new transaction waits for it; a transaction that
 * has already written goes on (statements, commit, rollback) until no statement runs, then the store runs and every
 * writer waits for it. A transaction that has written may hold row locks that an executing statement waits for, so
 * holding it back could deadlock the store against that statement; new transactions hold no locks. A new
 * transaction's thread may still hold something a written one needs (a Java lock such as the audit chain's order), so
 * once a store has waited {@link #NEW_WORK_HOLD_NANOS}, new transactions go on too: the store then runs at the first
 * moment no statement does, and a cycle through such a lock costs that delay, not a lock timeout.
 *
 * <p>One thread (the syncer) calls {@link #alone}.
 */
final class StoreGate {
    /** How long a waiting store holds new transactions back. */
    static final long NEW_WORK_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final long newWorkHoldNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Statements (and commits, rollbacks) inside the gate; guarded by lock. */
    private int inside;
    /** A store is waiting for the statements inside to leave; guarded by lock. */
    private boolean storeWaiting;
    /** When the waiting store began to wait (System.nanoTime); guarded by lock. */
    private long waitingSince;
    /** A store runs; guarded by lock. */
    private boolean storing;

    /** Set when the store broke (H2GroupCommit): no connection to it may be opened again in this process. */
    private volatile boolean shut;

    StoreGate() {
        this(NEW_WORK_HOLD_NANOS);
    }

    StoreGate(long newWorkHoldNanos) {
        this.newWorkHoldNanos = newWorkHoldNanos;
    }

    /** What runs inside the gate. */
    @FunctionalInterface
    interface Action<E extends Throwable> {
        void run() throws E;
    }

    /**
     * Runs a statement, commit or rollback inside the gate. {@code writtenBefore}: its transaction has already
     * written (may hold row locks), so it does not wait for a store that is only waiting.
     */
    <E extends Throwable> void inside(boolean writtenBefore, Action<E> action) throws E {
        boolean interrupted = false;
        lock.lock();
        try {
            while (storing || (storeWaiting && !writtenBefore && holdsNewWork())) {
                if (storing) {
                    changed.awaitUninterruptibly();
                } else {
                    long left = newWorkHoldNanos - (System.nanoTime() - waitingSince);
                    try {
                        changed.awaitNanos(Math.max(1, left));
                    } catch (InterruptedException e) {
                        interrupted = true; // kept for later: the wait is short
                    }
                }
            }
            inside++;
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            action.run();
        } finally {
            lock.lock();
            try {
                if (--inside == 0 && storeWaiting) {
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The store broke for good: connections are refused from now on (a new one would make H2 reopen the file). */
    void shut() {
        shut = true;
    }

    boolean isShut() {
        return shut;
    }

    /** Whether a store is waiting for the statements inside to leave: for tests, which must see it wait. */
    boolean storeWaiting() {
        lock.lock();
        try {
            return storeWaiting;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a waiting store still holds new transactions back; lock held. */
    private boolean holdsNewWork() {
        return System.nanoTime() - waitingSince < newWorkHoldNanos;
    }

    /** Runs a store once no statement is inside the gate, with every statement kept out until it is done. */
    void alone(Runnable store) {
        lock.lock();
        try {
            storeWaiting = true;
            waitingSince = System.nanoTime();
            while (inside > 0) {
                changed.awaitUninterruptibly();
            }
            storeWaiting = false;
            storing = true;
        } finally {
            lock.unlock();
        }
        try {
            store.run();
        } finally {
            lock.lock();
            try {
                storing = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
