package dev.snpkm.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
    /** The connection of a unit of work spanning several store calls on this thread (a KMIP Undo batch), if any. */
    private final ThreadLocal<Connection> unitOfWork = new ThreadLocal<>();

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
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
     * The pool for a server with {@code workers} worker threads: a batch may hold one connection for its unit of work
     * (Undo) while the attestation gate and the audit log take another, so two per worker, plus two for admin work,
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
            throw new StoreException("cannot open database " + jdbcUrl.replaceAll(";.*", "") + ": " + e.getMessage(), e);
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
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #transaction}, but joins the unit of work open on this thread, if any, instead of committing on its
     * own. Only the object store uses it: nonces and audit records must commit even when a batch is undone.
     */
    public <T> T joinableTransaction(String what, Work<T> work) {
        Connection joined = unitOfWork.get();
        if (joined == null) {
            return transaction(what, work);
        }
        try {
            return work.run(joined);
        } catch (SQLException e) {
            throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs one read-only statement: inside the unit of work open on this thread, if any, else on a pooled connection
     * in auto-commit. A single SELECT is atomic by itself; wrapping it in {@link #transaction} only adds the
     * auto-commit switches and a COMMIT to every read (a tenth of a Get's engine time).
     */
    public <T> T read(String what, Work<T> work) {
        Connection joined = unitOfWork.get();
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
    @SuppressWarnings("unchecked")
    public <T> T unitOfWork(String what, java.util.function.Supplier<T> body) {
        if (unitOfWork.get() != null) {
            throw new IllegalStateException("a unit of work is already open on this thread");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            unitOfWork.set(c);
            try {
                T result = body.get();
                c.commit();
                return result;
            } catch (RollbackWith rollback) {
                c.rollback();
                return (T) rollback.result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                unitOfWork.remove();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database failed to " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
