package dev.snpkm.server.store;

import dev.snpkm.kmip.enums.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The object_name table (V3): one row per Name of each object not destroyed, under a unique key on the SHA-256 of the
 * owner and of the name ({@link IndexKey}, since V9). The store writes it in the object write's own transaction, so of two concurrent requests giving one owner
 * the same Name, the database lets exactly one commit: the other's insert waits for the first and then fails.
 */
final class ObjectNames {
    /** SQLSTATE unique_violation, the same in H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    static final int DESTROYED = State.DESTROYED.value();
    static final int DESTROYED_COMPROMISED = State.DESTROYED_COMPROMISED.value();

    private ObjectNames() {}

    /** Destroyed objects no longer hold their names (a storage tool may re-create a key under a destroyed one's). */
    static boolean releases(int state) {
        return state == DESTROYED || state == DESTROYED_COMPROMISED;
    }

    /** A new object's names. */
    static void claim(Connection c, String owner, String uid, int state, List<String> names) throws SQLException {
        if (names.isEmpty() || releases(state)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO object_name (owner, owner_sha256, name_sha256, uid) VALUES (?, ?, ?, ?)")) {
            byte[] ownerKey = IndexKey.of(owner);
            for (String name : names) {
                ps.setString(1, owner);
                ps.setBytes(2, ownerKey);
                ps.setBytes(3, IndexKey.of(name));
                ps.setString(4, uid);
                insert(ps, name);
            }
        }
    }

    /**
     * An existing object's names after an attribute change: the old rows go and the new ones are claimed under the
     * owner and state read from the object's row (a destroyed object claims none). Re-setting a Name to its own value
     * deletes and re-inserts the same key, which is no clash; holding one name twice is.
     */
    static void reclaim(Connection c, String uid, List<String> names) throws SQLException {
        release(c, uid);
        if (names.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO object_name (owner, owner_sha256, name_sha256, uid) "
                        + "SELECT owner, owner_sha256, ?, uid FROM managed_object WHERE uid = ? AND state NOT IN (?, ?)")) {
            for (String name : names) {
                ps.setBytes(1, IndexKey.of(name));
                ps.setString(2, uid);
                ps.setInt(3, DESTROYED);
                ps.setInt(4, DESTROYED_COMPROMISED);
                insert(ps, name);
            }
        }
    }

    static void release(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM object_name WHERE uid = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
    }

    /**
     * The backfill's insert (V4, in the V3 schema: V9 adds the owner's key to the rows): claims the name unless the
     * owner's name is taken already, without raising the unique violation (which would abort a PostgreSQL
     * transaction). Only safe while nothing else writes the table.
     *
     * @return whether the name was claimed
     */
    static boolean claimIfFree(Connection c, String owner, String uid, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_name (owner, name_sha256, uid) "
                + "SELECT ?, ?, ? FROM managed_object WHERE uid = ? AND NOT EXISTS "
                + "(SELECT 1 FROM object_name WHERE owner = ? AND name_sha256 = ?)")) {
            byte[] key = IndexKey.of(name);
            ps.setString(1, owner);
            ps.setBytes(2, key);
            ps.setString(3, uid);
            ps.setString(4, uid);
            ps.setString(5, owner);
            ps.setBytes(6, key);
            return ps.executeUpdate() == 1;
        }
    }

    private static void insert(PreparedStatement ps, String name) throws SQLException {
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new NameInUseException(name, e);
            }
            throw e;
        }
    }
}
