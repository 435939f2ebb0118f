package dev.snpkm.server.store;

import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * What a committed transaction waits for before its request may be acknowledged: its commit on stable storage.
 * {@link Database} calls {@link #awaitDurable} after every commit, with the connection already back in the pool (after
 * a commit nested in a scope that holds uncommitted writes, at that scope's end, one wait covering both).
 */
public interface Durability extends AutoCloseable {

    /**
     * Returns once every transaction committed before this call is on stable storage; throws {@link StoreException}
     * when that cannot be made so (the caller must not acknowledge the write).
     */
    void awaitDurable();

    /** Commits that waited for durability. */
    long commits();

    /** Forced writes (fsyncs) that made them durable; fewer than {@link #commits} when commits were grouped. */
    long syncs();

    /**
     * Why this store can make no commit durable any more, for good (the process must restart to recover from what the
     * disk holds), or null while it can. PostgreSQL's server makes that call itself: null there.
     */
    default @Nullable String broken() {
        return null;
    }

    @Override
    void close();

    /** A database server that makes each commit durable itself (PostgreSQL with {@code synchronous_commit=on}). */
    static Durability byTheServer() {
        return new Durability() {
            private final LongAdder commits = new LongAdder();

            @Override
            public void awaitDurable() {
                commits.increment();
            }

            @Override
            public long commits() {
                return commits.sum();
            }

            @Override
            public long syncs() {
                return commits.sum();
            }

            @Override
            public void close() {}
        };
    }
}
