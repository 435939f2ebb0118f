package dev.snpkm.appliance.durability;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * After a kill -9, before the restart: do the store's objects and their audit records agree? A copy of the store file
 * is opened (the restart must find the original untouched) and checked both ways: every acknowledged Create or
 * Register has its one record and every acknowledged Destroy its record, and in the whole store no object of the
 * harness lacks its Create/Register record, no such record names a missing object, and a Destroy record exists iff
 * the object's material is gone. A batch's records commit with its changes, so a cut keeps both or neither.
 */
final class ActionRecordCheck {
    /** Counts of records naming a missing object, objects without theirs, and disagreeing Destroy records. */
    private static final String[] STORE_WIDE = {
        "SELECT COUNT(*) FROM audit_record a WHERE a.action IN ('Create', 'Register') "
                + "AND NOT EXISTS (SELECT 1 FROM managed_object m WHERE m.uid = a.object_uid)",
        "SELECT COUNT(*) FROM managed_object m WHERE m.name LIKE 'k9-%' AND NOT EXISTS (SELECT 1 FROM audit_record a "
                + "WHERE a.object_uid = m.uid AND a.action IN ('Create', 'Register'))",
        "SELECT COUNT(*) FROM managed_object m WHERE m.name LIKE 'k9-%' AND (m.material_destroyed_at IS NULL) <> "
                + "(NOT EXISTS (SELECT 1 FROM audit_record a WHERE a.object_uid = m.uid AND a.action = 'Destroy'))",
    };

    private ActionRecordCheck() {}

    /** How many disagreements the store file at {@code storeBase} (H2 base name) holds; each one is printed. */
    static long disagreements(Path storeBase, Collection<String> created, Collection<String> destroyed, PrintStream out)
            throws Exception {
        Path copy = Files.createTempDirectory("kill9-copy-").resolve("store");
        Path copyFile = copy.resolveSibling("store.mv.db");
        Files.copy(storeBase.resolveSibling(storeBase.getFileName() + ".mv.db"), copyFile);
        long wrong = 0;
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy, "sa", "")) {
            for (String uid : created) {
                wrong += expect(c, uid, "IN ('Create', 'Register')", out);
            }
            for (String uid : destroyed) {
                wrong += expect(c, uid, "= 'Destroy'", out);
            }
            for (String query : STORE_WIDE) {
                long n = count(c, query, null);
                if (n != 0) {
                    out.println("objects and audit records disagree: " + n + " from " + query);
                }
                wrong += n;
            }
        } finally {
            Files.deleteIfExists(copyFile);
            Files.deleteIfExists(copy.resolveSibling("store.trace.db"));
            Files.deleteIfExists(copy.getParent());
        }
        return wrong;
    }

    private static long expect(Connection c, String uid, String action, PrintStream out) throws SQLException {
        long n = count(c, "SELECT COUNT(*) FROM audit_record WHERE object_uid = ? AND action " + action, uid);
        if (n != 1) {
            out.println("acknowledged write on " + uid + " has " + n + " records with action " + action);
            return 1;
        }
        return 0;
    }

    private static long count(Connection c, String query, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            if (uid != null) {
                ps.setString(1, uid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
