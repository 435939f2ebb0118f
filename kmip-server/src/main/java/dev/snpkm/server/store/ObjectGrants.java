package dev.snpkm.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;

/**
 * The object_grant table (V5): one row per distinct x-authorized-client value of each object, destroyed ones included.
 * Only Locate reads it, to narrow its scan to what a client owns or was granted; the grant check on each object (in
 * operations.ObjectAccess) stays the authority, so a stale row could show nothing the object's attributes do not allow.
 * The unique key and Locate's lookup are on the grantee's {@link IndexKey} (V9), as a DN may be longer than an index row.
 */
final class ObjectGrants {
    /** The grantee column's length: a subject DN as long as an owner (managed_object.owner), or a fingerprint. */
    static final int GRANTEE_MAX = 1024;

    private ObjectGrants() {}

    /** A new object's grantees (given twice, a value is stored once); {@link SearchFields} checked their length. */
    static void grant(Connection c, String uid, Collection<String> grantees) throws SQLException {
        insert(c, uid, grantees, true);
    }

    /** The V6 backfill's insert, in the V5 schema: V9 adds the grantees' keys to the rows. */
    static void grantWithoutKeys(Connection c, String uid, Collection<String> grantees) throws SQLException {
        insert(c, uid, grantees, false);
    }

    private static void insert(Connection c, String uid, Collection<String> grantees, boolean keyed)
            throws SQLException {
        if (grantees.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                keyed
                        ? "INSERT INTO object_grant (uid, grantee, grantee_sha256) VALUES (?, ?, ?)"
                        : "INSERT INTO object_grant (uid, grantee) VALUES (?, ?)")) {
            for (String grantee : new LinkedHashSet<>(grantees)) {
                ps.setString(1, uid);
                ps.setString(2, grantee);
                if (keyed) {
                    ps.setBytes(3, IndexKey.of(grantee));
                }
                ps.executeUpdate();
            }
        }
    }

    /** An existing object's grantees after an attribute change: the old rows go, the new ones are written. */
    static void regrant(Connection c, String uid, Collection<String> grantees) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM object_grant WHERE uid = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
        grant(c, uid, grantees);
    }
}
