package dev.snpkm.appliance.backup;

import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The H2 store as SQL, read while the appliance runs and replayed into a new store file.
 *
 * <p>Read: H2's {@code SCRIPT} (schema + rows as SQL) inside one SERIALIZABLE transaction, so the copy is one point
 * in time while KMIP requests continue. Key material inside is still sealed under the master key, so a backup
 * (which {@link ApplianceBackup} seals again) is doubly protected. Replay: only into a data directory with no store
 * (the appliance stopped), into a new H2 file that is removed again if any statement fails. Both sides take the
 * statements one at a time: neither holds the store's SQL.
 */
public final class StoreBackup {
    private StoreBackup() {}

    /**
     * A point-in-time copy of the database behind {@code dataSource} as SQL statements, read one at a time. H2 builds
     * SCRIPT's result before the first row is read, keeping at most MAX_MEMORY_ROWS rows (its default: 40,000 per GiB
     * of heap, each an INSERT of up to ~4 KB of rows) in memory and the rest in a temporary file.
     */
    public static Script open(DataSource dataSource) throws BackupException {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
                throw new BackupException("the store is on " + c.getMetaData().getDatabaseProductName()
                        + ": back it up with the database's own tools (pg_dump, docs/OPERATIONS-POSTGRESQL.md)");
            }
            // SERIALIZABLE: H2 reads every table as of the transaction's first statement. Under REPEATABLE READ it
            // snapshots only the tables a statement names, and SCRIPT names none: each table was read as of its own
            // scan, and a copy could hold half a transaction (StoreBackupTest). Set before the transaction begins: a
            // transaction keeps the level it began with.
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setAutoCommit(false);
            Statement s = c.createStatement();
            return new Script(c, s, s.executeQuery("SCRIPT"));
        } catch (SQLException e) {
            BackupException failure = new BackupException("cannot read the store for backup: " + e.getMessage(), e);
            Script.release(c, failure);
            throw failure;
        } catch (BackupException e) {
            Script.release(c, e);
            throw e;
        }
    }

    /** The store's SQL being read: one transaction, open until {@link #close}. */
    public static final class Script implements AutoCloseable {
        private final Connection connection;
        private final Statement statement;
        private final ResultSet rows;

        private Script(Connection connection, Statement statement, ResultSet rows) {
            this.connection = connection;
            this.statement = statement;
            this.rows = rows;
        }

        /** The next statement, or null after the last. */
        public @Nullable String next() throws BackupException {
            try {
                return rows.next() ? rows.getString(1) : null;
            } catch (SQLException e) {
                throw new BackupException("cannot read the store for backup: " + e.getMessage(), e);
            }
        }

        /** Ends the read's transaction and gives the connection back as it was lent. */
        @Override
        public void close() {
            try {
                statement.close(); // and its result, H2's temporary file with it
            } catch (SQLException ignored) {
                // closing the connection below closes it too
            }
            release(connection, null);
        }

        private static void release(@Nullable Connection c, @Nullable Exception failure) {
            if (c == null) {
                return;
            }
            try (c) {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            } catch (SQLException e) {
                if (failure != null) { // the pool discards a connection it cannot reset
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** A backup's statements, read one at a time; null after the last. */
    public interface Statements {
        @Nullable
        String next() throws IOException;
    }

    /**
     * Replays {@code statements} into a new store at {@code storeBase} (H2 file base name; {@code storeFile} is the
     * file H2 makes of it, which must not exist yet), one at a time.
     */
    public static void replay(Statements statements, Path storeBase, Path storeFile) throws BackupException {
        if (Files.exists(storeFile)) {
            throw new BackupException("a store already exists at " + storeFile
                    + "; stop the appliance and move it away before restoring");
        }
        Path storeDir = storeBase.getParent();
        if (storeDir == null) {
            throw new BackupException("the store base " + storeBase + " names no directory to restore into");
        }
        try {
            OwnerOnlyFile.createDirectory(storeDir);
        } catch (IOException e) {
            throw new BackupException("cannot create " + storeDir + ": " + e.getMessage(), e);
        }
        // The same URL options as Database.openH2File, so the restored file is what the appliance expects.
        String url = "jdbc:h2:file:" + storeBase.toAbsolutePath() + ";WRITE_DELAY=0";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql; (sql = statements.next()) != null; ) {
                    s.execute(sql);
                }
            }
            c.commit();
        } catch (SQLException | IOException e) {
            deleteQuietly(storeFile);
            throw new BackupException("replaying the backup failed (partial store removed): " + e.getMessage(), e);
        }
        try {
            OwnerOnlyFile.restrictDirectory(storeDir);
        } catch (IOException e) {
            throw new BackupException("cannot make " + storeDir + " owner-only: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the error that led here is what the operator needs to see
        }
    }
}
