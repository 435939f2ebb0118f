package dev.snpkm.appliance.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.AEADBadTagException;
import javax.sql.DataSource;

/**
 * A consistent, encrypted copy of the H2 store, made while the appliance runs.
 *
 * <p>Create: H2's {@code SCRIPT} (schema + rows as SQL) inside one REPEATABLE READ transaction, so the copy is one
 * point in time while KMIP requests continue; the statements are length-prefixed, gzipped and sealed by
 * {@link BackupCipher}. Key material inside is still sealed under the master key, so a backup is doubly protected.
 * Restore: only into a data directory with no store (the appliance stopped): authenticate first, then replay the
 * statements into a new H2 file. Nothing is written unless the whole file authenticated.
 */
public final class StoreBackup {
    private static final int FORMAT = 1;

    private StoreBackup() {
    }

    /** The encrypted backup of the database behind {@code dataSource}. */
    public static byte[] create(DataSource dataSource, BackupCipher cipher) throws BackupException {
        List<String> statements = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
                throw new BackupException("the store is on " + c.getMetaData().getDatabaseProductName()
                        + ": back it up with the database's own tools (pg_dump, docs/OPERATIONS-POSTGRESQL.md)");
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
            } finally {
                c.rollback();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new BackupException("cannot read the store for backup: " + e.getMessage(), e);
        }
        try {
            return cipher.seal(encode(statements));
        } catch (GeneralSecurityException | IOException e) {
            throw new BackupException("cannot encrypt the backup: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Restores {@code backupFile} into a new store at {@code storeBase} (H2 file base name).
     *
     * @return how many SQL statements were replayed
     */
    public static int restore(Path backupFile, BackupCipher cipher, Path storeBase, Path storeFile)
            throws BackupException {
        if (Files.exists(storeFile)) {
            throw new BackupException("a store already exists at " + storeFile
                    + "; stop the appliance and move it away before restoring");
        }
        byte[] plain;
        try {
            plain = cipher.open(Files.readAllBytes(backupFile));
        } catch (AEADBadTagException e) {
            throw new BackupException("backup " + backupFile + " failed authentication: it is modified, truncated, "
                    + "or was made with another appliance's master key; nothing was restored");
        } catch (GeneralSecurityException e) {
            throw new BackupException("cannot decrypt backup " + backupFile + ": " + e.getClass().getSimpleName(), e);
        } catch (IOException e) {
            throw new BackupException("cannot read backup " + backupFile + ": " + e.getMessage(), e);
        }
        List<String> statements;
        try {
            statements = decode(plain);
        } catch (IOException e) {
            throw new BackupException("backup " + backupFile + " authenticated but is not a format-" + FORMAT
                    + " store backup: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(storeBase.getParent());
        } catch (IOException e) {
            throw new BackupException("cannot create " + storeBase.getParent() + ": " + e.getMessage(), e);
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
        return statements.size();
    }

    private static byte[] encode(List<String> statements) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeInt(statements.size());
            for (String s : statements) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> decode(byte[] plain) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(plain)))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown backup format");
            }
            int n = in.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.add(new String(b, StandardCharsets.UTF_8));
            }
            return out;
        } catch (EOFException e) {
            throw new IOException("backup ends early", e);
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
