package dev.snpkm.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link NonceStore} over JDBC: a consumed nonce is a row of {@code attestation_nonce} keyed by its Nonce ID, so the
 * primary key enforces single use across every node sharing the database (H2 or PostgreSQL): a concurrent insert of
 * the same id waits for the first transaction and then fails as a duplicate. Inside a {@link #decision} the insert
 * joins the decision's transaction, which the audit record's append commits.
 */
public final class JdbcNonceStore implements NonceStore {
    /** SQLSTATE unique_violation (SQL:2011; H2 and PostgreSQL both report it). */
    private static final String UNIQUE_VIOLATION = "23505";
    /**
     * Expired nonces deleted per transaction: one transaction over a backlog of 200,000 once ran a 128 MB appliance out
     * of heap (while H2 did not spill large transactions, 2026-12-06), and a short transaction holds no snapshot long.
     */
    static final int PURGE_BATCH = 2_000;

    /*
     * Two statements, not DELETE ... WHERE nonce_id IN (SELECT ... LIMIT n): H2 2.3 runs that subquery once per row of
     * the table, so a purge of a large table took tens of seconds, and its long-open snapshot kept H2 from reusing
     * freed chunks meanwhile (the file grew to 600 MB under StoreSizeBoundIT's writes).
     */
    private static final String EXPIRED_IDS_SQL =
            "SELECT nonce_id FROM attestation_nonce WHERE expires_at <= ? LIMIT " + PURGE_BATCH;

    private static final String DELETE_BY_ID_SQL = "DELETE FROM attestation_nonce WHERE nonce_id = ?";

    private final Database db;

    public JdbcNonceStore(Database db) {
        this.db = db;
    }

    /** The audit log must append to the same {@link Database} for its record to share this transaction. */
    @Override
    public <T> T decision(Supplier<T> body) {
        return db.decision("decide a release", body);
    }

    @Override
    public boolean markUsed(ConsumedNonce n) {
        return db.decisionTransaction("record nonce " + n.nonceId() + " as used", c -> {
            // A savepoint, so a duplicate leaves the decision's transaction usable (PostgreSQL aborts it otherwise).
            Savepoint before = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO attestation_nonce (nonce_id, value_sha256, "
                    + "client_identity, object_uid, created_at, expires_at, used) VALUES (?, ?, ?, ?, ?, ?, TRUE)")) {
                ps.setString(1, n.nonceId());
                ps.setBytes(2, n.valueSha256());
                ps.setString(3, n.clientIdentity());
                ps.setString(4, n.objectUid());
                ps.setObject(5, JdbcObjectStore.timestamp(Instant.now()));
                ps.setObject(6, JdbcObjectStore.timestamp(n.expiresAt()));
                ps.executeUpdate();
            } catch (SQLException e) {
                try {
                    c.rollback(before);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed); // the insert's own failure is the one to report
                    throw e;
                }
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
            c.releaseSavepoint(before);
            return true;
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        int total = 0;
        while (true) {
            int purged = db.transaction("purge expired nonces", c -> deleteExpiredBatch(c, now));
            total += purged;
            if (purged < PURGE_BATCH) {
                return total;
            }
        }
    }

    /** Deletes up to {@link #PURGE_BATCH} expired nonces, found by the expiry index and deleted by primary key. */
    private static int deleteExpiredBatch(Connection c, Instant now) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(EXPIRED_IDS_SQL)) {
            ps.setObject(1, JdbcObjectStore.timestamp(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_BY_ID_SQL)) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.addBatch();
            }
            int deleted = 0;
            for (int count : ps.executeBatch()) {
                // Another node's purge may have deleted a row first; a driver may not say (SUCCESS_NO_INFO).
                deleted += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, count);
            }
            return deleted;
        }
    }
}
