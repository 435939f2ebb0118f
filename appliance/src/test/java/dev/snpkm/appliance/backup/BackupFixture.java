package dev.snpkm.appliance.backup;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.server.store.Database;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A data directory to back up without starting an appliance: stand-ins for the PKI and token files, and a store of
 * {@code keys} AES-256 keys of the shape a KMIP 2.1 Create stores (1,008 bytes of attributes, 73 sealed, a name, one
 * audit record each; session 18's measurements used the same), written by SQL in batches: far faster than requests.
 */
final class BackupFixture {
    private static final int BATCH = 10_000;
    private static final String OWNER = "'CN=load,O=snpkm'";
    private static final String OWNER_SHA256 = "HASH('SHA-256', CAST(" + OWNER + " AS VARBINARY))";
    private static final String NAME_SHA256 = "HASH('SHA-256', CAST('disk-' || X AS VARBINARY))";

    private BackupFixture() {}

    static DataDirectory create(Path root, int keys) throws IOException {
        DataDirectory dir = new DataDirectory(root);
        Files.createDirectories(dir.pki());
        for (Path p : List.of(
                dir.caCertificate(),
                dir.caKey(),
                dir.serverCertificate(),
                dir.serverKey(),
                dir.adminCertificate(),
                dir.adminKey(),
                dir.adminToken())) {
            Files.writeString(p, "stand-in for " + p.getFileName() + "\n");
        }
        populate(dir.storeBase(), keys);
        return dir;
    }

    /** Adds {@code keys} keys to the store at {@code storeBase} (created if absent), in transactions of 10,000. */
    static void populate(Path storeBase, int keys) {
        try (Database db = Database.openH2File(storeBase, 2)) {
            for (int first = 1; first <= keys; first += BATCH) {
                int from = first;
                int to = Math.min(keys, first + BATCH - 1);
                db.transaction("populate", c -> populate(c, from, to));
            }
        }
    }

    private static int populate(Connection c, int from, int to) throws SQLException {
        String range = " FROM SYSTEM_RANGE(" + from + ", " + to + ")";
        try (Statement s = c.createStatement()) {
            // Attributes: 1,008 bytes of TTLV-like text that differs per key (uid, name, dates), as a Create's do.
            s.executeUpdate("INSERT INTO managed_object (uid, object_type, state, owner, name, "
                    + "cryptographic_algorithm, cryptographic_length, attributes, sealed_material, created_at, "
                    + "updated_at, owner_sha256, name_sha256) SELECT 'key-' || X, 2, 1, " + OWNER + ", 'disk-' || X, 3,"
                    + " 256, CAST(RPAD('420001-' || X || '-' || CURRENT_TIMESTAMP || '-disk-' || X, 1008, "
                    + "'4200940100000020' || X) AS VARBINARY(1008)), SECURE_RAND(73), CURRENT_TIMESTAMP, "
                    + "CURRENT_TIMESTAMP, " + OWNER_SHA256 + ", " + NAME_SHA256 + range);
            s.executeUpdate("INSERT INTO object_name (owner, name_sha256, uid, owner_sha256) SELECT " + OWNER + ", "
                    + NAME_SHA256 + ", 'key-' || X, " + OWNER_SHA256 + range);
            s.executeUpdate("INSERT INTO audit_record (seq, recorded_at, actor, action, object_uid, outcome, detail,"
                    + " prev_hash, hash) SELECT 1000000 + X, CURRENT_TIMESTAMP, " + OWNER + ", 'create', 'key-' || X,"
                    + " 'ok', 'Create SYMMETRIC_KEY AES 256 name=disk-' || X, SECURE_RAND(32), SECURE_RAND(32)"
                    + range);
        }
        return to - from + 1;
    }

    /** Each table's row count and a SHA-256 of its rows in key order, to compare a restored store with its original. */
    static List<String> contents(Path storeBase) {
        List<String> tables = new ArrayList<>();
        try (Database db = Database.openH2File(storeBase, 2)) {
            db.read("contents", c -> {
                for (String t : List.of(
                        "managed_object ORDER BY uid", "object_name ORDER BY uid", "audit_record " + "ORDER BY seq")) {
                    MessageDigest sha256 = sha256();
                    long rows = 0;
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
                        int columns = rs.getMetaData().getColumnCount();
                        for (; rs.next(); rows++) {
                            for (int i = 1; i <= columns; i++) {
                                sha256.update((rs.getString(i) + "\u0000").getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                    tables.add(t + ": " + rows + " rows, " + HexFormat.of().formatHex(sha256.digest()));
                }
                return null;
            });
        }
        return tables;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a whole backup of {@code dir} to {@code out}, as the admin route does. */
    static long backup(DataDirectory dir, Database store, BackupCipher cipher, OutputStream out) throws Exception {
        try (ApplianceBackup.Online online = ApplianceBackup.begin(
                dir, dir.root().resolve("policies.yaml"), "kmip: {}\n", store.dataSource(), cipher)) {
            return online.writeTo(out);
        }
    }
}
