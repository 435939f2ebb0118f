package dev.snpkm.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The store's database: a pooled JDBC connection source with the schema migrated to the newest version on open, and
 * transactions that commit durably.
 *
 * <p>H2 durability: H2 2.x (MVStore) keeps commits in memory and writes them to the file up to WRITE_DELAY (default
 * 500 ms) later, so a process killed in that window loses acknowledged commits. {@code WRITE_DELAY=0} makes every
 * commit write its chunk to the file before returning, which survives kill -9 (the OS holds the written pages). It does
 * not fsync each commit, so power loss can still lose the last commits: multi-node or power-loss-critical
 * deployments use PostgreSQL ({@code synchronous_commit=on}).
 */
public final class Database implements AutoCloseable {

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final int migrationsApplied;
    /** A request batch's transaction on this thread, joined by the object store; rolled back on Undo. */
    private final Scope batchScope = new Scope("unit of work");
    /**
     * A gate decision's transaction on this thread, joined by the nonce store and the audit log. Separate from the
     * batch's: a decision and its audit record commit even when the batch is undone.
     */
    private final Scope decisionScope = new Scope("decision");

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .javaMigrations(new ObjectNamesBackfill(), new ObjectGrantsBackfill())
                    .load()
                    .migrate();
            this.migrationsApplied = result.migrationsExecuted;
        } catch (RuntimeException e) {
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
        String url = "jdbc:h2:file:" + file.toAbsolutePath()
                + ";WRITE_DELAY=0"            // commits reach the file before commit() returns (see class doc)
                + ";DB_CLOSE_ON_EXIT=FALSE";  // the pool closes it, after in-flight work, not H2's shutdown hook
        return open(url, "sa", "", poolSize);
    }

    /** Opens any JDBC database the migrations support (H2, PostgreSQL). */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("snpkm-store");
        config.setAutoCommit(true);
        try {
            return new Database(new HikariDataSource(config));
        } catch (RuntimeException e) {
            // Only the part before the settings: the rest may name files an operator does not want in a log.
            throw new StoreException("cannot open database " + jdbcUrl.replaceAll("[;?].*", "") + ": "
                    + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** How many migrations this open applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** Runs work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                complete(c, false);
                throw e;
            }
            complete(c, true);
            return result;
        } catch (SQLException e) {
            throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /** Ends c's transaction, committing or rolling back (a failed commit rolls back), and restores auto-commit. */
    private static void complete(Connection c, boolean commit) throws SQLException {
        try {
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        } catch (SQLException e) {
            if (commit) {
                c.rollback();
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Like {@link #transaction}, but joins the unit of work open on this thread, if any, instead of committing on its
     * own. Only the object store uses it: nonces and audit records must commit even when a batch is undone.
     */
    public <T> T joinableTransaction(String what, Work<T> work) {
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
     * Runs one read-only statement: inside the unit of work open on this thread, if any, else on a pooled connection
     * in auto-commit. A single SELECT is atomic by itself; wrapping it in {@link #transaction} only adds the
     * auto-commit switches and a COMMIT to every read (a tenth of a Get's engine time).
     */
    public <T> T read(String what, Work<T> work) {
        Connection joined = batchScope.current();
        try {
            if (joined != null) {
                return work.run(joined);
            }
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
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
        Savepoint before = null;
        if (unit.connection != null) {
            try {
                before = unit.connection.setSavepoint();
            } catch (SQLException e) {
                throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
            }
        }
        T result;
        try {
            result = body.get();
        } catch (RuntimeException e) {
            undoStep(unit, before, what);
            throw e;
        }
        if (!keep.test(result)) {
            undoStep(unit, before, what);
        } else if (before != null) {
            try {
                unit.connection.releaseSavepoint(before);
            } catch (SQLException e) {
                throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static void undoStep(Scope.Open unit, Savepoint before, String what) {
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
            Connection connection;
        }

        private final ThreadLocal<Open> open = new ThreadLocal<>();
        private final String kind;

        Scope(String kind) {
            this.kind = kind;
        }

        Open holder() {
            return open.get();
        }

        /** The scope's connection on this thread, or null when no scope is open or nothing was written yet. */
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
            } catch (RuntimeException e) {
                try {
                    end(scope, false, what);
                } catch (StoreException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                open.remove();
            }
        }

        private void end(Open scope, boolean commit, String what) {
            Connection c = scope.connection;
            if (c == null) {
                return;
            }
            scope.connection = null;
            try (c) {
                complete(c, commit);
            } catch (SQLException e) {
                throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
            }
        }

        <T> T join(String what, Work<T> work) {
            Open scope = open.get();
            if (scope == null) {
                return transaction(what, work);
            }
            try {
                if (scope.connection == null) {
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

    @Override
    public void close() {
        dataSource.close();
    }
}
