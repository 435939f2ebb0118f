package dev.snpkm.server.store;

import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Supplier;

/**
 * {@link NonceStore} over JDBC; single use is enforced by a conditional UPDATE, which is atomic in H2 and PostgreSQL:
 * a concurrent consumer of the same nonce waits for the row lock and then finds it used (or, if the first decision
 * rolled back, unused). Inside a {@link #decision} the writes join the decision's transaction.
 */
public final class JdbcNonceStore implements NonceStore {
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
    public void issue(AttestationNonce n) {
        db.decisionTransaction("store nonce " + n.nonceId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO attestation_nonce (nonce_id, value_sha256, "
                    + "client_identity, object_uid, created_at, expires_at, used) VALUES (?, ?, ?, ?, ?, ?, FALSE)")) {
                ps.setString(1, n.nonceId());
                ps.setBytes(2, n.valueSha256());
                ps.setString(3, n.clientIdentity());
                ps.setString(4, n.objectUid());
                ps.setObject(5, JdbcObjectStore.timestamp(Instant.now()));
                ps.setObject(6, JdbcObjectStore.timestamp(n.expiresAt()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public NonceCheck consume(String nonceId, byte[] valueSha256, String clientIdentity, String objectUid,
            Instant now) {
        return db.decisionTransaction("check nonce " + nonceId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value_sha256, client_identity, object_uid, "
                    + "expires_at, used FROM attestation_nonce WHERE nonce_id = ?")) {
                ps.setString(1, nonceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return NonceCheck.UNKNOWN;
                    }
                    if (rs.getBoolean(5)) {
                        return NonceCheck.ALREADY_USED;
                    }
                    if (!rs.getObject(4, OffsetDateTime.class).toInstant().isAfter(now)) {
                        return NonceCheck.EXPIRED;
                    }
                    if (!rs.getString(2).equals(clientIdentity)) {
                        return NonceCheck.WRONG_CLIENT;
                    }
                    if (!rs.getString(3).equals(objectUid)) {
                        return NonceCheck.WRONG_OBJECT;
                    }
                    if (!MessageDigest.isEqual(rs.getBytes(1), valueSha256)) {
                        return NonceCheck.WRONG_VALUE;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE attestation_nonce SET used = TRUE WHERE nonce_id = ? AND used = FALSE")) {
                ps.setString(1, nonceId);
                // Another node may have consumed it between our read and this write.
                return ps.executeUpdate() == 1 ? NonceCheck.ACCEPTED : NonceCheck.ALREADY_USED;
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return db.transaction("purge expired nonces", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM attestation_nonce WHERE expires_at <= ?")) {
                ps.setObject(1, JdbcObjectStore.timestamp(now));
                return ps.executeUpdate();
            }
        });
    }
}
