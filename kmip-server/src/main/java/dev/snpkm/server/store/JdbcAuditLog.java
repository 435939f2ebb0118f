package dev.snpkm.server.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/**
 * {@link AuditLog} over JDBC. hash = SHA-256(prev_hash ‖ seq ‖ time in µs ‖ each field as length-prefixed UTF-8);
 * the first record's prev_hash is 32 zero bytes. Records with release facts (schema V2) append a marker and the five
 * fact fields; records without them hash exactly as before V2, so chains written before the migration still verify.
 *
 * <p>Appends are serialized in this JVM and each commits before the next starts; an append inside a
 * {@link Database#decision} commits that decision's earlier writes with it. Across nodes on one PostgreSQL store
 * {@link AuditChainLock} serialises appends into one chain; the primary key on seq would refuse a fork regardless.
 */
public final class JdbcAuditLog implements AuditLog {
    private static final byte[] GENESIS = new byte[32];
    /** Cannot be a field length (those are ≥ -1), so a V2 record's input never equals a V1 record's. */
    private static final int RELEASE_FACTS_MARKER = -2;

    private final Database db;
    private final Clock clock;

    public JdbcAuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public synchronized AuditRecord append(AuditEvent e) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return db.decisionTransaction("append audit record", c -> {
            long seq = 1;
            byte[] prev = GENESIS;
            AuditChainLock.acquire(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, hash FROM audit_record ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getLong(1) + 1;
                    prev = rs.getBytes(2);
                }
            }
            byte[] hash = hash(prev, seq, now, e);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_record (seq, recorded_at, actor, action, "
                    + "object_uid, outcome, detail, prev_hash, hash, policy, measurement, chip_id, reported_tcb, reason) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setObject(2, JdbcObjectStore.timestamp(now));
                ps.setString(3, e.actor());
                ps.setString(4, e.action());
                ps.setString(5, e.objectUid());
                ps.setString(6, e.outcome());
                ps.setString(7, e.detail());
                ps.setBytes(8, prev);
                ps.setBytes(9, hash);
                AuditEvent.ReleaseFacts f = e.release();
                ps.setString(10, f == null ? null : f.policy());
                ps.setString(11, f == null ? null : f.measurement());
                ps.setString(12, f == null ? null : f.chipId());
                ps.setString(13, f == null ? null : f.reportedTcb());
                ps.setString(14, f == null ? null : f.reason());
                ps.executeUpdate();
            }
            // Commit before releasing the lock, so the next append chains onto this record; inside a gate decision
            // this one commit also makes the decision's nonce write durable, together with its record.
            c.commit();
            return new AuditRecord(seq, now, e, prev, hash);
        });
    }

    @Override
    public ChainCheck verify() {
        return db.transaction("verify audit chain", c -> {
            long checked = 0;
            long expectedSeq = 1;
            byte[] prev = GENESIS;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, actor, action, object_uid, "
                    + "outcome, detail, prev_hash, hash, policy, measurement, chip_id, reported_tcb, reason "
                    + "FROM audit_record ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
                    AuditEvent e = new AuditEvent(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), releaseFacts(rs));
                    checked++;
                    boolean linked = seq == expectedSeq && MessageDigest.isEqual(prev, rs.getBytes(8));
                    byte[] stored = rs.getBytes(9);
                    if (!linked || !MessageDigest.isEqual(stored, hash(prev, seq, at, e))) {
                        return new ChainCheck(checked, OptionalLong.of(seq));
                    }
                    prev = stored;
                    expectedSeq = seq + 1;
                }
            }
            return new ChainCheck(checked, OptionalLong.empty());
        });
    }

    /** The V2 columns; all NULL means the record has no release facts (written before V2, or not a release). */
    private static AuditEvent.ReleaseFacts releaseFacts(ResultSet rs) throws java.sql.SQLException {
        String[] v = new String[5];
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            v[i] = rs.getString(10 + i);
            any |= v[i] != null;
        }
        return any ? new AuditEvent.ReleaseFacts(v[0], v[1], v[2], v[3], v[4]) : null;
    }

    static byte[] hash(byte[] prev, long seq, Instant at, AuditEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(prev);
            out.writeLong(seq);
            out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, at));
            writeFields(out, e.actor(), e.action(), e.objectUid(), e.outcome(), e.detail());
            AuditEvent.ReleaseFacts f = e.release();
            if (f != null && !isEmpty(f)) {
                out.writeInt(RELEASE_FACTS_MARKER);
                writeFields(out, f.policy(), f.measurement(), f.chipId(), f.reportedTcb(), f.reason());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }

    private static boolean isEmpty(AuditEvent.ReleaseFacts f) {
        return f.policy() == null && f.measurement() == null && f.chipId() == null && f.reportedTcb() == null
                && f.reason() == null;
    }

    private static void writeFields(DataOutputStream out, String... fields) throws IOException {
        for (String field : fields) {
            if (field == null) {
                out.writeInt(-1); // distinguishes "no object" from an empty uid
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
    }
}
