package dev.snpkm.appliance.migrate;

import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Copies a store, both ends migrated to the same schema, into an empty one (H2 to PostgreSQL): every table but
 * Flyway's history, row by row and column by column as stored, so sealed key material moves still sealed under the
 * same master key and audit records keep their hashes. The target is written in one transaction (all or nothing), and
 * the copy is checked before that commits: the same row count per table, and the audit chain verifying on the target.
 *
 * <p>Tables are discovered, not listed, so tables and columns added by later migrations move too. managed_object
 * goes first: the name and grant tables refer to it.
 */
public final class StoreCopy {
    private static final String FIRST = "managed_object";
    private static final String FLYWAY_HISTORY = "flyway_schema_history";
    private static final int BATCH = 500;
    /** Tables a migration fills itself (V7 records how many audit records predate the keyed chain). */
    private static final Set<String> FILLED_BY_MIGRATIONS = Set.of("audit_chain_upgrade");

    /** What was copied: rows per table (in copy order) and the audit chain's length on the target. */
    public record Result(Map<String, Long> rows, long auditRecords) {}

    private StoreCopy() {}

    /**
     * Copies {@code source} into {@code target}, which must hold no objects and no audit records.
     *
     * @throws MigrationException if the target is not empty, lacks a table or column of the source, or the copy does
     *     not check out (the target is then left empty)
     */
    public static Result copy(Database source, Database target, AuditChainKey chainKey) throws MigrationException {
        try (Connection from = source.dataSource().getConnection();
                Connection to = target.dataSource().getConnection()) {
            from.setAutoCommit(false);
            from.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            to.setAutoCommit(false);
            try {
                List<String> tables = tables(from);
                Map<String, List<Object[]>> targetsOwn = new LinkedHashMap<>();
                for (String t : tables) {
                    if (FILLED_BY_MIGRATIONS.contains(t)) {
                        // The target's own migration wrote its row; the source's row is the one that holds. The
                        // target's is kept aside: a copy emptied again must not leave the source's row behind (a
                        // legacy count that is not the target's would exempt its first records from the keyed chain).
                        targetsOwn.put(t, rows(to, t));
                        try (Statement clear = to.createStatement()) {
                            clear.executeUpdate("DELETE FROM " + t);
                        }
                    } else if (count(to, t) > 0) {
                        throw new MigrationException("the target store is not empty: table " + t + " has rows; "
                                + "migrate into a new, empty database");
                    }
                }
                Map<String, Long> copied = new LinkedHashMap<>();
                for (String t : tables) {
                    copied.put(t, copyTable(from, to, t));
                }
                for (Map.Entry<String, Long> c : copied.entrySet()) {
                    String t = c.getKey();
                    long there = count(to, t);
                    if (there != c.getValue()) {
                        throw new MigrationException(
                                "table " + t + ": " + c.getValue() + " rows read, " + there + " on the target");
                    }
                }
                to.commit();
                // The chain is verified through the target's own store code, which reads committed rows only: a copy
                // that does not check out is emptied again, so the target is left as it was found.
                AuditLog.ChainCheck chain = new JdbcAuditLog(target, Clock.systemUTC(), chainKey).verify();
                long audit = copied.getOrDefault("audit_record", 0L);
                String problem = !chain.intact()
                        ? "the audit chain does not verify on the target (broken at seq "
                                + chain.firstBrokenSeq().getAsLong() + "); the source's chain may already be broken: "
                                + "check it with kmipctl audit verify"
                        : chain.recordsChecked() != audit
                                ? "the target's audit chain has " + chain.recordsChecked() + " records, " + audit
                                        + " were copied"
                                : null;
                if (problem != null) {
                    emptyAgain(to, tables, targetsOwn);
                    throw new MigrationException(problem + "; the target was emptied again");
                }
                return new Result(Collections.unmodifiableMap(copied), chain.recordsChecked());
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            } finally {
                from.rollback();
            }
        } catch (SQLException e) {
            throw new MigrationException("the copy failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what the copy committed, last table first (the others refer to managed_object, copied first), and puts
     * back the rows the target's own migrations had written.
     */
    private static void emptyAgain(Connection to, List<String> tables, Map<String, List<Object[]>> targetsOwn)
            throws SQLException {
        for (int i = tables.size() - 1; i >= 0; i--) {
            try (Statement delete = to.createStatement()) {
                delete.executeUpdate("DELETE FROM " + tables.get(i));
            }
        }
        for (Map.Entry<String, List<Object[]>> own : targetsOwn.entrySet()) {
            for (Object[] row : own.getValue()) {
                StringJoiner marks = new StringJoiner(", ");
                for (int i = 0; i < row.length; i++) {
                    marks.add("?");
                }
                try (PreparedStatement insert =
                        to.prepareStatement("INSERT INTO " + own.getKey() + " VALUES (" + marks + ")")) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.executeUpdate();
                }
            }
        }
        to.commit();
    }

    /** Every row of a small table, columns in table order. */
    private static List<Object[]> rows(Connection c, String table) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The source's tables, managed_object first, lower-case (H2 reports them upper-case). */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.equals(FLYWAY_HISTORY)) {
                    tables.add(name);
                }
            }
        }
        if (!tables.remove(FIRST)) {
            throw new MigrationException("the source has no " + FIRST + " table: not an appliance store");
        }
        Collections.sort(tables);
        tables.add(0, FIRST);
        return tables;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long copyTable(Connection from, Connection to, String table) throws SQLException {
        long rows = 0;
        try (Statement s = from.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                int columns = meta.getColumnCount();
                StringJoiner names = new StringJoiner(", ");
                StringJoiner marks = new StringJoiner(", ");
                for (int i = 1; i <= columns; i++) {
                    names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                    marks.add("?");
                }
                try (PreparedStatement insert =
                        to.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")")) {
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            if (value == null) {
                                insert.setNull(i, meta.getColumnType(i));
                            } else {
                                insert.setObject(i, value);
                            }
                        }
                        insert.addBatch();
                        if (++rows % BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
            }
        }
        return rows;
    }
}
