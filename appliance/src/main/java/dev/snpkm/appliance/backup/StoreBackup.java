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
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The H2 store as SQL, read while the appliance runs and replayed into a new store file.
 *
 * <p>Read: H2's {@code SCRIPT} (schema + rows as SQL) inside one SERIALIZABLE transaction, so the copy is one point
 * in time while KMIP requests continue. Key material inside is still sealed under the master key, so a backup
 * (which {@link ApplianceBackup} seals again as a whole) is doubly protected. Replay: only into a data directory with
 * no store (the appliance stopped), into a new H2 file that is removed again if any statement fails.
 */
public final class StoreBackup {
    private StoreBackup() {}

    /** A point-in-time copy of the database behind {@code dataSource} as SQL statements. */
    public static List<String> script(DataSource dataSource) throws BackupException {
        return script(dataSource, Long.MAX_VALUE);
    }

    /**
     * As {@link #script(DataSource)}, given up with a BackupException once the statements pass {@code maxChars}: the
     * script is held in memory, and a store too large for the heap must be refused, not run the process out of it.
     */
    public static List<String> script(DataSource dataSource, long maxChars) throws BackupException {
        List<String> statements = new ArrayList<>();
        long chars = 0;
        try (Connection c = dataSource.getConnection()) {
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
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    String statement = rs.getString(1);
                    chars += statement.length();
                    if (chars > maxChars) {
                        throw new BackupException("the store's SQL passed " + maxChars + " characters, the most this "
                                + "heap can hold for an online backup");
                    }
                    statements.add(statement);
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new BackupException("cannot read the store for backup: " + e.getMessage(), e);
        }
        return statements;
    }

    /**
     * Replays {@code statements} into a new store at {@code storeBase} (H2 file base name; {@code storeFile} is the
     * file H2 makes of it, which must not exist yet).
     */
    public static void replay(List<String> statements, Path storeBase, Path storeFile) throws BackupException {
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
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            c.commit();
        } catch (SQLException e) {
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
