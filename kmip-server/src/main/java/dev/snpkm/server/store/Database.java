package dev.snpkm.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;

/**
 * The store's database: a pooled JDBC connection source with the schema migrated to the newest version on open, and
 * transactions that are durable before they return, or, when committed inside a scope of the same thread that holds
 * uncommitted writes (a decision inside a batch that has written), before that scope ends.
 *
 * <p>Durability: every commit waits, after its connection went back to the pool, for {@link Durability#awaitDurable}
 * (a nested one at the end of the scope around it: {@link #awaitDurableUnlessHoldingWrites}).
 * The embedded H2 (MVStore) runs with a write delay, so a commit only changes the store's maps in memory; an
 * {@link H2GroupCommit} syncer then writes all transactions committed meanwhile as one chunk and forces it to the disk
 * before any of them returns (group commit; see docs/ARCHITECTURE.md, "Store write path"). A database server
 * (PostgreSQL, {@code synchronous_commit=on}) makes each commit durable itself.
 */
public final class Database implements AutoCloseable {

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * H2's write delay: how long its own background writer lets a change wait before storing it. The longest H2
     * takes (24.8 days), so that the syncer makes the stores, each alone in the {@link StoreGate}, followed by a store
     * header naming its chunk and a force ({@link H2GroupCommit}); a store of H2's own could meet a statement half
     * done. H2 stores on writing threads are kept off too ({@link H2OwnStores}).
     */
    static final int H2_WRITE_DELAY_MS = Integer.MAX_VALUE;
    /** How often the syncer stores and forces when no commit asks it to: bounds what stays unsaved in memory. */
    static final int IDLE_SYNC_MS = 200;
    /** Set on a thread while it writes what completes an admitted change ({@link #completing}). */
    private static final ThreadLocal<Boolean> COMPLETING = ThreadLocal.withInitial(() -> false);

    private final HikariDataSource dataSource;
    private final Durability durability;
    private final StoreSize size;
    private final WriteAdmission admission;
    private final int migrationsApplied;
    /**
     * Whether a query's rows arrive a fetch at a time only inside a transaction: PostgreSQL's driver ignores the fetch
     * size in auto-commit. Embedded H2 builds each result itself, so a transaction there would only add a rollback
     * and two auto-commit switches, each waiting at the {@link StoreGate} while a store is written.
     */
    private final boolean cursorsNeedTransaction;
    /** A request batch's transaction on this thread, joined by the object store; rolled back on Undo. */
    private final Scope batchScope = new Scope("unit of work");
    /**
     * A gate decision's transaction on this thread, joined by the nonce store and the audit log. Separate from the
     * batch's: a decision and its audit record commit even when the batch is undone.
     */
    private final Scope decisionScope = new Scope("decision");
    /**
     * Set on a thread that committed while one of its scopes held uncommitted writes: the durable wait it owes runs
     * when the last such scope ends ({@link #awaitDurableUnlessHoldingWrites}).
     */
    @SuppressWarnings("ThreadLocalUsage") // per Database, like the scopes: a wait owed to this store, not another's
    private final ThreadLocal<Boolean> owesDurableWait = ThreadLocal.withInitial(() -> false);

    private Database(
            HikariDataSource dataSource,
            Durability durability,
            StoreSize size,
            WriteAdmission admission,
            boolean cursorsNeedTransaction) {
        this.dataSource = dataSource;
        this.cursorsNeedTransaction = cursorsNeedTransaction;
        this.durability = durability;
        this.size = size;
        this.admission = admission;
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .javaMigrations(new ObjectNamesBackfill(), new ObjectGrantsBackfill(), new LongValueKeys())
                    .load()
                    .migrate();
            this.migrationsApplied = result.migrationsExecuted;
            durability.awaitDurable(); // the migrated schema, before the first request can rely on it
        } catch (RuntimeException e) {
            durability.close();
            dataSource.close();
            throw new StoreException("cannot migrate the database schema: " + e.getMessage(), e);
        }
    }

    /** Opens (creating if absent) an embedded H2 database in {@code file}.mv.db, with a pool of 8 connections. */
    public static Database openH2File(Path file) {
        return openH2File(file, 8);
    }

    /**
     * The pool for a server with {@code workers} worker threads: a batch holds one connection for its unit of work
     * while the attestation gate's decision (nonce and audit) takes another, so two per worker, plus two for admin work,
     * can never all be waiting on each other.
     */
    public static int poolSizeFor(int workers) {
        return Math.max(8, 2 * workers + 2);
    }

    /** Opens (creating if absent) an embedded H2 database in {@code file}.mv.db with the given pool size. */
    public static Database openH2File(Path file, int poolSize) {
        return openH2File(file, poolSize, H2_WRITE_DELAY_MS);
    }

    /** Room for every distinct statement of the busiest operations (H2 keeps them per connection, least recent out). */
    static final int QUERY_CACHE_SIZE = 64;

    /**
     * With H2's write delay chosen: 0 makes each commit write its own chunk (the syncer then only forces them, in
     * groups); the store write path benchmark compares the two. Only for that comparison: with 0, H2 stores on each
     * committing thread, outside what the {@link StoreGate} keeps whole.
     */
    static Database openH2File(Path file, int poolSize, int writeDelayMillis) {
        return openH2(
                "file:" + file.toAbsolutePath(), poolSize, writeDelayMillis, WriteAdmission.forFileSystemOf(file));
    }

    /** An embedded H2 database at {@code location}: "file:" and a path, or a path under another H2 file system. */
    static Database openH2(String location, int poolSize, int writeDelayMillis, WriteAdmission admission) {
        String url = "jdbc:h2:" + location
                + ";WRITE_DELAY=" + writeDelayMillis // commits stay in memory until the syncer's (class doc)
                + ";AUTO_COMPACT_FILL_RATE=0" // no chunk moves by H2's background writer (the store compacts)
                + ";DB_CLOSE_ON_EXIT=FALSE" // the store closes it, after in-flight work, not H2's shutdown hook
                // Parsed statements kept per connection: H2's default of 8 is fewer than one attested release uses,
                // so each statement was parsed again on every use (4 % of the server's CPU in the boot storm).
                + ";QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE;
        StoreGate gate = new StoreGate();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        h2.setPassword("");
        HikariDataSource pool = pool(url, poolSize, config -> config.setDataSource(new GatedH2Connections(h2, gate)));
        H2GroupCommit durability;
        Connection holder = null;
        try {
            holder = h2.getConnection();
            durability = new H2GroupCommit(holder, gate, IDLE_SYNC_MS, admission::full);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(holder, e);
            pool.close();
            throw new StoreException("cannot open database " + location + ": " + e.getMessage(), e);
        }
        return new Database(pool, durability, durability.size(), admission, false);
    }

    private static void closeAfterFailure(@Nullable Connection c, Exception failure) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /**
     * Opens any JDBC database the migrations support (H2, PostgreSQL) that makes each commit durable itself: an H2
     * file URL must then say {@code WRITE_DELAY=0} and still has no fsync per commit; use {@link #openH2File}.
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        return new Database(
                pool(jdbcUrl, user, password, poolSize),
                Durability.byTheServer(),
                StoreSize.unknown(),
                WriteAdmission.always(),
                jdbcUrl.startsWith("jdbc:postgresql:"));
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, int poolSize) {
        return pool(jdbcUrl, poolSize, config -> {
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(password);
        });
    }

    /** A pool of the connections source sets up (a URL and credentials, or a data source); jdbcUrl names it in errors. */
    private static HikariDataSource pool(String jdbcUrl, int poolSize, Consumer<HikariConfig> source) {
        HikariConfig config = new HikariConfig();
        source.accept(config);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("snpkm-store");
        config.setAutoCommit(true);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Only the part before the settings: the rest may name files an operator does not want in a log.
            throw new StoreException(
                    "cannot open database " + jdbcUrl.replaceAll("[;?].*", "") + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The commits and syncs so far, for the store's metrics. */
    public Durability durability() {
        return durability;
    }

    /** The store file's size and live data, for the store's metrics. */
    public StoreSize size() {
        return size;
    }

    /** Whether writes are refused because the store's disk is nearly full (reads still work). */
    public boolean full() {
        return admission.full();
    }

    /**
     * Why this store can make no write durable any more (a write or force of its file failed), for good until the
     * process restarts, or null while it can: readiness reports such a store as unreachable.
     */
    public @Nullable String broken() {
        return durability.broken();
    }

    /**
     * Whether the store serves: not {@link #broken}, and a query answers within the pool's timeout. Readiness and the
     * appliance's store watchdog (which restarts the process when it stays false) ask it.
     */
    public boolean reachable() {
        if (broken() != null) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Why writes are refused, when {@link #full}. */
    public String fullReason() {
        return admission.message();
    }

    /** How many migrations this open applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /**
     * Runs the writes that complete a change that was admitted (the audit records of a batch's actions, its last
     * writes): they are not refused when the disk is nearly full. The reserve below which writes stop exists for such
     * small writes, and refusing them would leave a change, or an administrator's read, unaudited.
     */
    public void completing(Runnable work) {
        boolean was = COMPLETING.get();
        COMPLETING.set(true);
        try {
            work.run();
        } finally {
            COMPLETING.set(was);
        }
    }

    private void admit() {
        if (!COMPLETING.get()) {
            admission.check();
        }
    }

    /** Runs work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(String what, Work<T> work) {
        admit();
        T result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                rollBackAfter(c, e);
                throw e;
            }
            complete(c, true);
        } catch (SQLException e) {
            throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
        }
        awaitDurableUnlessHoldingWrites();
        return result;
    }

    /**
     * Waits for what this thread committed to be durable, unless one of its scopes still holds uncommitted writes: then
     * the wait is owed and runs when the last of them ends, before anything is acknowledged. Waiting while holding
     * them could stall every commit: the syncer's store waits for every running statement ({@link StoreGate}), and a
     * statement of another request may be waiting for a row lock those writes hold, until H2's lock timeout (2 s)
     * fails it.
     */
    private void awaitDurableUnlessHoldingWrites() {
        if (batchScope.current() != null || decisionScope.current() != null) {
            owesDurableWait.set(true);
            return;
        }
        owesDurableWait.set(false);
        durability.awaitDurable();
    }

    /**
     * Rolls c's transaction back after its work failed with {@code failure}, which stays the error to report (a KMIP
     * refusal thrown inside stays that refusal): a rollback that fails too is added to it as suppressed.
     */
    private void rollBackAfter(Connection c, Exception failure) {
        try {
            complete(c, false);
        } catch (SQLException | RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * Ends c's transaction, committing or rolling back (a failed commit rolls back), and restores auto-commit. A
     * connection whose transaction could not be ended is evicted from the pool instead: switching it back to
     * auto-commit would commit whatever its transaction still holds.
     */
    private void complete(Connection c, boolean commit) throws SQLException {
        SQLException commitFailure = null;
        if (commit) {
            try {
                c.commit();
            } catch (SQLException e) {
                commitFailure = e;
            }
            if (commitFailure == null) {
                c.setAutoCommit(true);
                return;
            }
        }
        try {
            c.rollback();
        } catch (SQLException e) {
            dataSource.evictConnection(c);
            if (commitFailure == null) {
                throw e;
            }
            commitFailure.addSuppressed(e);
            throw commitFailure;
        }
        c.setAutoCommit(true);
        if (commitFailure != null) {
            throw commitFailure;
        }
    }

    /**
     * Like {@link #transaction}, but joins the unit of work open on this thread, if any, instead of committing on its
     * own. Only the object store uses it: nonces and audit records must commit even when a batch is undone.
     *
     * <p>One exception: inside a {@link #decision} whose batch has written nothing yet, the write joins the decision
     * instead, so an approved release's own store write (the released key's Fresh attribute) becomes durable in the
     * release record's commit: one commit per release. The batch holds no uncommitted row of this thread then, so the
     * decision cannot wait on its own batch.
     */
    public <T> T joinableTransaction(String what, Work<T> work) {
        if (batchScope.current() == null && decisionScope.holder() != null) {
            return decisionScope.join(what, work);
        }
        return batchScope.join(what, work);
    }

    /**
     * Like {@link #transaction}, but joins the {@link #decision} open on this thread, if any: the nonce store and the
     * audit log use it, so a nonce's insert or consumption commits together with the decision's audit record.
     */
    public <T> T decisionTransaction(String what, Work<T> work) {
        return decisionScope.join(what, work);
    }

    /**
     * The last writes of the {@link #unitOfWork} open on this thread (its audit records): joins it, so they commit
     * with its changes, one durable commit for both; work may commit the joined transaction itself (to release a lock
     * it took right after its commit). Outside a unit of work, like {@link #decisionTransaction}. Never call it from
     * inside a {@link #step}: committing there would keep a failed item's writes.
     */
    public <T> T closingTransaction(String what, Work<T> work) {
        if (batchScope.holder() != null && decisionScope.holder() == null) {
            return batchScope.join(what, work);
        }
        return decisionScope.join(what, work);
    }

    /**
     * Runs one read-only statement: inside the unit of work (or else the decision) open on this thread and holding a
     * connection, if any, else on a pooled connection
     * in auto-commit. A single SELECT is atomic by itself; wrapping it in {@link #transaction} only adds the
     * auto-commit switches and a COMMIT to every read (a tenth of a Get's engine time).
     */
    public <T> T read(String what, Work<T> work) {
        return readOn(what, work, false);
    }

    /**
     * Like {@link #read}, for one query whose rows are visited as they arrive ({@code setFetchSize}): on PostgreSQL,
     * outside a unit of work, its pooled connection runs the query inside a read-only transaction, rolled back after,
     * because the driver honours a fetch size only outside auto-commit; in auto-commit it receives every row of the
     * result before the first is visited, however few the caller keeps.
     */
    public <T> T streamingRead(String what, Work<T> work) {
        return readOn(what, work, cursorsNeedTransaction);
    }

    private <T> T readOn(String what, Work<T> work, boolean inTransaction) {
        Connection joined = batchScope.current() != null ? batchScope.current() : decisionScope.current();
        try {
            if (joined != null) {
                return work.run(joined);
            }
            try (Connection c = dataSource.getConnection()) {
                if (!inTransaction) {
                    return work.run(c);
                }
                c.setReadOnly(true); // reset by the pool when the connection returns
                c.setAutoCommit(false);
                T result;
                try {
                    result = work.run(c);
                } catch (SQLException | RuntimeException e) {
                    rollBackAfter(c, e);
                    throw e;
                }
                complete(c, false);
                return result;
            }
        } catch (SQLException e) {
            throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /** Thrown by a unit of work's body to roll it back while still returning a result. */
    public static final class RollbackWith extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object result;

        public RollbackWith(Object result) {
            super("unit of work rolled back", null, false, false);
            this.result = result;
        }
    }

    /**
     * Runs body with every {@link #joinableTransaction} on this thread in one database transaction: committed if body
     * returns, rolled back if it throws; {@link RollbackWith} rolls back and returns its result (KMIP Undo).
     */
    public <T> T unitOfWork(String what, Supplier<T> body) {
        return batchScope.open(what, body);
    }

    /**
     * Inside a {@link #unitOfWork}: runs body and keeps what it wrote if {@code keep} accepts its result; otherwise,
     * or if body throws, rolls back to a savepoint taken before it, leaving the unit's earlier writes in place (one
     * failed batch item under Stop or Continue). Outside a unit of work it just runs body.
     */
    public <T> T step(String what, Supplier<T> body, Predicate<T> keep) {
        Scope.Open unit = batchScope.holder();
        if (unit == null) {
            return body.get();
        }
        // No connection yet means nothing written yet: a failed step then rolls the whole (fresh) transaction back.
        // The unit keeps one connection from its first write to its end: the one a savepoint was taken on.
        Connection atStart = unit.connection;
        Savepoint before = null;
        if (atStart != null) {
            try {
                before = atStart.setSavepoint();
            } catch (SQLException e) {
                throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
            }
        }
        T result;
        try {
            result = body.get();
        } catch (RuntimeException e) {
            try {
                undoStep(unit, before, what);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed); // the step's own failure (a KMIP refusal) is the one to report
            }
            throw e;
        }
        if (!keep.test(result)) {
            undoStep(unit, before, what);
        } else if (atStart != null && before != null) {
            try {
                atStart.releaseSavepoint(before);
            } catch (SQLException e) {
                throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static void undoStep(Scope.Open unit, @Nullable Savepoint before, String what) {
        if (unit.connection == null) {
            return;
        }
        try {
            if (before != null) {
                unit.connection.rollback(before);
            } else {
                unit.connection.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("database failed to roll back " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs body with every {@link #decisionTransaction} on this thread in one database transaction, committed if body
     * returns and rolled back if it throws. Independent of any {@link #unitOfWork} open on the same thread.
     */
    public <T> T decision(String what, Supplier<T> body) {
        return decisionScope.open(what, body);
    }

    /**
     * One kind of transaction a thread can hold open across several store calls, which join it. The connection is
     * taken at the first write that joins: a batch that only reads (a plain Get) never pays for a transaction.
     */
    private final class Scope {
        /** The open scope on a thread; its connection is null until the first write. */
        static final class Open {
            @Nullable
            Connection connection;
        }

        @SuppressWarnings(
                "ThreadLocalUsage") // one open scope per Database and thread, and a Database lives for the run
        private final ThreadLocal<Open> open = new ThreadLocal<>();

        private final String kind;

        Scope(String kind) {
            this.kind = kind;
        }

        @Nullable
        Open holder() {
            return open.get();
        }

        /** The scope's connection on this thread, or null when no scope is open or nothing was written yet. */
        @Nullable
        Connection current() {
            Open o = open.get();
            return o == null ? null : o.connection;
        }

        @SuppressWarnings("unchecked")
        <T> T open(String what, Supplier<T> body) {
            if (open.get() != null) {
                throw new IllegalStateException("a " + kind + " is already open on this thread");
            }
            Open scope = new Open();
            open.set(scope);
            try {
                T result = body.get();
                end(scope, true, what);
                return result;
            } catch (RollbackWith rollback) {
                end(scope, false, what);
                return (T) rollback.result;
            } catch (RuntimeException | Error e) { // an Error too: the connection holds locks and may owe a wait
                try {
                    end(scope, false, what);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                open.remove();
            }
        }

        /**
         * Ends the scope's transaction, then waits for durability if it committed or if a commit made while it held
         * writes still owes its wait (even when this scope rolled back or failed: a decision inside an undone batch).
         */
        private void end(Open scope, boolean commit, String what) {
            Connection c = scope.connection;
            scope.connection = null;
            StoreException failure = null;
            if (c != null) {
                try (c) {
                    complete(c, commit);
                } catch (SQLException e) {
                    failure = new StoreException("database failed to " + what + ": " + e.getMessage(), e);
                }
            }
            if ((c != null && commit && failure == null) || owesDurableWait.get()) {
                try {
                    awaitDurableUnlessHoldingWrites();
                } catch (StoreException notDurable) {
                    if (failure == null) {
                        throw notDurable;
                    }
                    failure.addSuppressed(notDurable);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        <T> T join(String what, Work<T> work) {
            Open scope = open.get();
            if (scope == null) {
                return transaction(what, work);
            }
            try {
                if (scope.connection == null) {
                    admit();
                    Connection c = dataSource.getConnection();
                    try {
                        c.setAutoCommit(false);
                    } catch (SQLException e) {
                        c.close();
                        throw e;
                    }
                    scope.connection = c;
                }
                return work.run(scope.connection);
            } catch (SQLException e) {
                throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
            }
        }
    }

    /** Closes the pool after making every commit so far durable. */
    @Override
    public void close() {
        try {
            durability.close();
        } finally {
            dataSource.close();
        }
    }
}
