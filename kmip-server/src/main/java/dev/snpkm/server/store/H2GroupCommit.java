package dev.snpkm.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for an embedded H2 (MVStore) database opened with a write delay: a committed transaction's changes are
 * in the MVStore's maps but not yet in the file; {@link #awaitDurable} takes a ticket and waits until one syncer thread
 * has written every change up to that ticket as one chunk ({@link MVStore#commit}) and forced it to the disk
 * ({@link MVStore#sync}, {@code FileChannel.force}). All transactions that committed while the previous sync ran
 * share the next one. After each store, before the force, it has H2 rewrite its store header naming the new chunk
 * ({@link H2StoreHeader}), so a power cut never leaves H2 a recovery chain through reused space. Each store runs
 * alone in the {@link StoreGate}, with no statement writing, so no chunk holds half a row write; H2 makes no store of
 * its own ({@link H2OwnStores}). With no commit waiting, the syncer still stores and forces every
 * {@code idleSyncMillis}, so unsaved changes stay few. Between rounds it runs {@link H2Compaction}.
 *
 * <p>A round that fails (the chunk's write, the store header's, or the force) breaks the store for good: every waiting
 * and every later commit is told it is not durable, and the store is closed without another write. After a failed
 * {@code fsync} the kernel may already have dropped the unwritten pages and marked them clean, so a later force that
 * "succeeds" proves nothing about them, and a later chunk would point into them: only a restart, which recovers from
 * what the disk holds, is safe (PostgreSQL makes the same choice). {@link #broken} says why, for readiness.
 *
 * <p>It holds a connection of its own open from its start until {@link #close}: H2 closes an embedded database when its
 * last connection closes, and a pool may close all of its connections at once (evicting them), which would close the
 * store under the syncer for good.
 */
final class H2GroupCommit implements Durability {
    private static final Logger LOG = LoggerFactory.getLogger(H2GroupCommit.class);
    private final MVStore store;
    private final H2Compaction compaction;
    private final H2StoreHeader header;
    /** While true, compaction waits: it writes, and a failed write makes H2 close the store. */
    private final BooleanSupplier diskFull;

    private final long idleSyncNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Writes (statements, commits, rollbacks) go through it; the syncer's stores run alone (StoreGate's doc). */
    private final StoreGate gate;

    private final Condition work = lock.newCondition();
    private final Condition done = lock.newCondition();
    private final LongAdder committed = new LongAdder();
    private final LongAdder syncs = new LongAdder();
    private final Thread syncer;
    /** Tickets handed out; guarded by lock. */
    private long requested;
    /** Every ticket up to this one is durable; guarded by lock. */
    private long durable;

    /** Set once the store broke (a round failed): no commit is durable from then on; guarded by lock. */
    private @Nullable RuntimeException failure;

    private boolean closing;
    private long lastSyncedVersion;

    /** The database's own connection, never used for a statement: it only keeps the database open. */
    private final Connection holder;

    /** Takes over {@code holder}, a connection to the embedded database, and closes it last in {@link #close}. */
    H2GroupCommit(Connection holder, StoreGate gate, long idleSyncMillis, BooleanSupplier diskFull)
            throws SQLException {
        this.holder = holder;
        this.store = H2Stores.mvStore(holder);
        this.gate = gate;
        this.diskFull = diskFull;
        H2OwnStores.keepOffWritingThreads(store);
        this.compaction = new H2Compaction(store);
        this.header = new H2StoreHeader(store);
        this.idleSyncNanos = TimeUnit.MILLISECONDS.toNanos(idleSyncMillis);
        this.lastSyncedVersion = store.getCurrentVersion();
        this.syncer = new Thread(this::run, "snpkm-store-syncer");
        syncer.setDaemon(true);
        syncer.start();
    }

    /** For a ticket past {@code durable} once the store broke with {@code cause}. */
    private static StoreException notDurable(RuntimeException cause) {
        return new StoreException("the commit could not be made durable: " + cause.getMessage(), cause);
    }

    @Override
    public void awaitDurable() {
        committed.increment();
        lock.lock();
        try {
            long ticket = ++requested;
            work.signal();
            while (durable < ticket) {
                RuntimeException cause = failure;
                if (cause != null) {
                    throw notDurable(cause);
                }
                if (closing && !syncer.isAlive()) {
                    throw new StoreException("the store closed before the commit was made durable");
                }
                done.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            syncRounds();
        } catch (InterruptedException e) {
            breakStore(new StoreException("the store's syncer was interrupted", e));
        } catch (RuntimeException e) {
            breakStore(e); // outside a round (the free-space probe, say): no waiter may be left waiting
        } catch (Error e) {
            breakStore(new StoreException("the store's syncer failed: " + e, e));
            throw e;
        }
    }

    private void syncRounds() throws InterruptedException {
        while (true) {
            long target;
            lock.lock();
            try {
                long waitNanos = idleSyncNanos;
                while (requested == durable && !closing && waitNanos > 0) {
                    waitNanos = work.awaitNanos(waitNanos);
                }
                target = requested;
            } finally {
                lock.unlock();
            }
            RuntimeException failed = syncUpTo(target);
            if (failed != null) {
                breakStore(failed);
                return;
            }
            if (!diskFull.getAsBoolean()) {
                compact();
            }
            lock.lock();
            try {
                durable = Math.max(durable, target);
                done.signalAll();
                if (closing && requested == durable) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Fails every ticket, present and future, and closes the store without writing (class doc). */
    private void breakStore(RuntimeException cause) {
        gate.shut(); // first: no connection may reopen the file once H2 drops the database
        lock.lock();
        try {
            failure = cause;
            done.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.error(
                "event=store_broken error=\"{}\" (no write is acknowledged until a restart)", cause.toString(), cause);
        try {
            store.closeImmediately();
        } catch (RuntimeException e) {
            LOG.warn("event=store_close_failed error=\"{}\"", e.toString());
        }
    }

    @Override
    public @Nullable String broken() {
        RuntimeException cause;
        lock.lock();
        try {
            cause = failure;
        } finally {
            lock.unlock();
        }
        return cause == null
                ? null
                : "the store failed (" + cause.getMessage()
                        + "); it accepts no more writes until the server restarts and recovers it from the disk";
    }

    /** Writes and forces every change made so far; null when done, else what failed. */
    private @Nullable RuntimeException syncUpTo(long target) {
        try {
            if (store.isClosed()) {
                return new StoreException("the store is closed");
            }
            gate.alone(store::commit);
            long version = store.getCurrentVersion();
            if (version != lastSyncedVersion) {
                header.nameNewestChunk(); // forced with the chunk below
            }
            if (version != lastSyncedVersion || target > durable()) {
                store.sync();
                lastSyncedVersion = version;
                syncs.increment();
            }
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Between rounds: what compaction rewrites goes out with the next round's chunk. */
    private void compact() {
        try {
            gate.alone(() -> compaction.maybeCompact(System.nanoTime())); // it rewrites pages, may store a chunk
        } catch (RuntimeException e) {
            // Not fatal to any commit; the next pass retries. A broken store fails the next round instead.
            LOG.warn("event=store_compaction_failed error=\"{}\" (retried)", e.toString());
        }
    }

    /** The store file's size and live data. */
    StoreSize size() {
        return compaction;
    }

    private long durable() {
        lock.lock();
        try {
            return durable;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long commits() {
        return committed.sum();
    }

    @Override
    public long syncs() {
        return syncs.sum();
    }

    /** Makes everything committed so far durable, then stops the syncer. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            syncer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            done.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            holder.close(); // the database stays open until the pool's connections close too
        } catch (SQLException | RuntimeException e) { // a broken store's session may fail to close
            LOG.warn("event=store_close_failed error=\"{}\"", e.toString());
        }
    }
}
