package dev.snpkm.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Serialises audit appends across the nodes sharing one PostgreSQL store, so the records of all nodes form one chain:
 * a transaction-scoped advisory lock (PostgreSQL manual, "Advisory Lock Functions"), taken before the chain's head is
 * read and released when the append commits. Under READ COMMITTED the head read after the lock sees the previous
 * holder's committed record. On H2 one process owns the file, and {@link JdbcAuditLog}'s monitor is enough.
 */
final class AuditChainLock {
    /** The lock's key: any constant the nodes agree on ("snpkmaud" in ASCII). */
    private static final long KEY = 0x736e706b6d617564L;

    private AuditChainLock() {}

    static void acquire(Connection c) throws SQLException {
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }
}
