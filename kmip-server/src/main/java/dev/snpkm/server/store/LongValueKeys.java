package dev.snpkm.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

/**
 * Schema V9: the indexes over owners, Names and grantees hold their {@link IndexKey} (SHA-256) instead of the text. An
 * owner's subject DN, a Name and a grantee may each be 1,024 characters, up to ~3 KB of UTF-8, and PostgreSQL's btree
 * refuses an index row over 2,704 bytes, so such an object could not be stored there (H2 has no such limit).
 *
 * <p>Java, not SQL, because the keys of the rows already stored are computed here: SHA-256 has no function common to
 * H2 and PostgreSQL. Uniqueness stays as it was: of one Name per owner (object_name) and of one grantee per object
 * (object_grant), now over the keys. The store writes the keys with every row from here on.
 */
final class LongValueKeys implements JavaMigration {
    private static final List<String> ADD_KEY_COLUMNS = List.of(
            "ALTER TABLE managed_object ADD COLUMN owner_sha256 BYTEA",
            "ALTER TABLE managed_object ADD COLUMN name_sha256 BYTEA",
            "ALTER TABLE object_name ADD COLUMN owner_sha256 BYTEA",
            "ALTER TABLE object_grant ADD COLUMN grantee_sha256 BYTEA");

    /** Once every row has its keys: the text indexes go, the key indexes and constraints replace them. */
    private static final List<String> INDEX_THE_KEYS = List.of(
            "ALTER TABLE managed_object ALTER COLUMN owner_sha256 SET NOT NULL",
            "ALTER TABLE object_name ALTER COLUMN owner_sha256 SET NOT NULL",
            "ALTER TABLE object_grant ALTER COLUMN grantee_sha256 SET NOT NULL",
            "DROP INDEX managed_object_owner",
            "DROP INDEX managed_object_name",
            "CREATE INDEX managed_object_owner ON managed_object (owner_sha256)",
            "CREATE INDEX managed_object_name ON managed_object (name_sha256)",
            "ALTER TABLE object_name DROP CONSTRAINT object_name_unique",
            "ALTER TABLE object_name ADD CONSTRAINT object_name_unique UNIQUE (owner_sha256, name_sha256)",
            "ALTER TABLE object_grant DROP CONSTRAINT object_grant_unique",
            "ALTER TABLE object_grant ADD CONSTRAINT object_grant_unique UNIQUE (grantee_sha256, uid)");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        execute(c, ADD_KEY_COLUMNS);
        keyObjects(c);
        try (Statement s = c.createStatement()) {
            // An object's name rows carry its owner (ObjectNames), so they take its key.
            s.executeUpdate("UPDATE object_name SET owner_sha256 = "
                    + "(SELECT m.owner_sha256 FROM managed_object m WHERE m.uid = object_name.uid)");
        }
        keyGrants(c);
        execute(c, INDEX_THE_KEYS);
    }

    private static void keyObjects(Connection c) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT uid, owner, name FROM managed_object");
                PreparedStatement write = c.prepareStatement(
                        "UPDATE managed_object SET owner_sha256 = ?, name_sha256 = ? WHERE uid = ?")) {
            read.setFetchSize(500);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(3);
                    write.setBytes(1, IndexKey.of(rs.getString(2)));
                    write.setBytes(2, name == null ? null : IndexKey.of(name));
                    write.setString(3, rs.getString(1));
                    write.executeUpdate();
                }
            }
        }
    }

    private static void keyGrants(Connection c) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT DISTINCT grantee FROM object_grant");
                PreparedStatement write =
                        c.prepareStatement("UPDATE object_grant SET grantee_sha256 = ? WHERE grantee = ?")) {
            read.setFetchSize(500);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String grantee = rs.getString(1);
                    write.setBytes(1, IndexKey.of(grantee));
                    write.setString(2, grantee);
                    write.executeUpdate();
                }
            }
        }
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("9");
    }

    @Override
    public String getDescription() {
        return "index long values by their SHA-256";
    }

    @Override
    public @Nullable Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }
}
