package dev.snpkm.server.store;

import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditLog} over JDBC. A record's MAC = HMAC-SHA256(chain key, prev MAC ‖ seq ‖ time in µs ‖ each field
 * as length-prefixed UTF-8 [‖ marker ‖ release facts]); the first record's prev is 32 zero bytes. Records with release
 * facts (schema V2) append a marker and the five fact fields; records without them hash as before V2.
 *
 * <p>Chains from before V7 were unkeyed (plain SHA-256 of the same input). They are kept, not re-chained: the first
 * open after the upgrade appends a keyed switch-over record ({@value #SWITCH_OVER}, detail
 * {@code legacy_through=N}) whose MAC covers the last legacy record's hash; records before it verify under the old
 * rule, every record from it on under the key. Only one switch-over record may exist, and only right after the
 * legacy records it names.
 *
 * <p>Appends are serialized in this JVM and each commits before the next starts; an append inside a
 * {@link Database#decision} commits that decision's earlier writes with it, and a batch's action records
 * ({@link #appendAllClosingUnitOfWork}) commit with the batch's changes: one durable commit per write request, and an
 * acknowledged change is never without its record, nor a record without its change. Only the commit is serialized, not the
 * wait for it to be durable: appends that committed one after another then wait together for one group sync (the
 * store forces its commits in order, so a durable append implies every earlier one is), instead of each holding the
 * chain while its own fsync runs. Across nodes on one PostgreSQL store
 * {@link AuditChainLock} serialises appends into one chain; the primary key on seq would refuse a fork regardless.
 */
public final class JdbcAuditLog implements AuditLog {
    /** The action of the switch-over record from the legacy (unkeyed) chain to the keyed one. */
    public static final String SWITCH_OVER = "audit-chain-keyed";

    private static final byte[] GENESIS = new byte[32];
    /** Cannot be a field length (those are ≥ -1), so a V2 record's input never equals a V1 record's. */
    private static final int RELEASE_FACTS_MARKER = -2;

    private static final String COLUMNS = "seq, recorded_at, actor, action, object_uid, outcome, detail, prev_hash, "
            + "hash, policy, measurement, chip_id, reported_tcb, reason";

    /** Rows of the chain a verification holds at a time (~1 KB each). */
    private static final int VERIFY_FETCH_ROWS = 1000;

    private final Database db;
    private final Clock clock;
    private final AuditChainKey key;
    /** Orders this JVM's appends from reading the chain's head to their commit. */
    private final ReentrantLock chainOrder = new ReentrantLock();

    /** Opens the chain under its key, appending the switch-over record if the store was just upgraded (V7). */
    public JdbcAuditLog(Database db, Clock clock, AuditChainKey key) {
        this.db = db;
        this.clock = clock;
        this.key = key;
        sealLegacyRecords();
    }

    /** Under a random key: for a log that lives only as long as this object (tests, benchmarks). */
    public JdbcAuditLog(Database db, Clock clock) {
        this(db, clock, AuditChainKey.random());
    }

    private void sealLegacyRecords() {
        long legacy = db.read("read the audit upgrade mark", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT legacy_through FROM audit_chain_upgrade");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
        if (legacy > 0 && head().seq() == legacy && switchOvers().isEmpty()) {
            append(new AuditEvent(
                    "appliance",
                    SWITCH_OVER,
                    null,
                    "ok",
                    "legacy_through=" + legacy + "; records 1.." + legacy
                            + " were chained with unkeyed SHA-256, from here on HMAC-SHA256"));
        }
    }

    @Override
    public AuditRecord append(AuditEvent e) {
        return appendAll(List.of(e)).get(0);
    }

    @Override
    public List<AuditRecord> appendAll(List<AuditEvent> events) {
        return events.isEmpty() ? List.of() : db.decisionTransaction("append audit record", c -> chain(c, events));
    }

    @Override
    public List<AuditRecord> appendAllClosingUnitOfWork(List<AuditEvent> events) {
        return events.isEmpty() ? List.of() : db.closingTransaction("append audit record", c -> chain(c, events));
    }

    /** Chains the events onto the head and commits c's transaction with them, in the chain's order (class doc). */
    private List<AuditRecord> chain(Connection c, List<AuditEvent> events) throws SQLException {
        chainOrder.lock();
        try {
            AuditChainLock.acquire(c);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Head tail = head(c);
            long seq = tail.seq();
            byte[] prev = tail.hash();
            List<AuditRecord> out = new ArrayList<>(events.size());
            for (AuditEvent e : events) {
                seq++;
                byte[] mac = key.mac(canonical(prev, seq, now, e));
                insert(c, seq, now, e, prev, mac);
                out.add(new AuditRecord(seq, now, e, prev, mac));
                prev = mac;
            }
            // Commit before releasing the order, so the next append chains onto these records; inside a gate
            // decision or a batch this one commit also makes its earlier writes durable, together with the records.
            c.commit();
            return out;
        } finally {
            chainOrder.unlock(); // the caller still waits for durability, outside the order (class doc)
        }
    }

    private static void insert(Connection c, long seq, Instant now, AuditEvent e, byte[] prev, byte[] mac)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setObject(2, JdbcObjectStore.timestamp(now));
            ps.setString(3, e.actor());
            ps.setString(4, e.action());
            ps.setString(5, e.objectUid());
            ps.setString(6, e.outcome());
            ps.setString(7, e.detail());
            ps.setBytes(8, prev);
            ps.setBytes(9, mac);
            AuditEvent.ReleaseFacts f = e.release();
            ps.setString(10, f == null ? null : f.policy());
            ps.setString(11, f == null ? null : f.measurement());
            ps.setString(12, f == null ? null : f.chipId());
            ps.setString(13, f == null ? null : f.reportedTcb());
            ps.setString(14, f == null ? null : f.reason());
            ps.executeUpdate();
        }
    }

    @Override
    public Head head() {
        Head head = db.read("read the audit chain head", JdbcAuditLog::head);
        // What a read sees is committed, and on H2 durable only after the syncer's next round: an anchor published
        // before would name a record a power cut could still take away (a false "records removed" from verify).
        db.durability().awaitDurable();
        return head;
    }

    private static Head head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, hash FROM audit_record ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getBytes(2)) : new Head(0, GENESIS);
        }
    }

    /** The sequence numbers of the records that claim to be the switch-over. */
    private List<Long> switchOvers() {
        return db.read("find the audit switch-over", c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT seq FROM audit_record WHERE action = ? ORDER BY seq")) {
                ps.setString(1, SWITCH_OVER);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public ChainCheck verify() {
        return walk(null);
    }

    @Override
    public ChainCheck verify(Head anchor) {
        return walk(anchor);
    }

    private ChainCheck walk(@Nullable Head anchor) {
        List<Long> switches = switchOvers();
        if (switches.size() > 1) {
            return new ChainCheck(
                    0,
                    OptionalLong.of(switches.get(1)),
                    "a second switch-over record at " + switches.get(1) + ": the chain was rewritten");
        }
        long keyedFrom = switches.isEmpty() ? 1 : switches.get(0);
        return db.transaction("verify audit chain", c -> {
            long checked = 0;
            long expectedSeq = 1;
            byte[] prev = GENESIS;
            byte[] atAnchor = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record ORDER BY seq")) {
                // The chain grows by a record per release and is read whole: without a fetch size PostgreSQL's driver
                // receives every row before the first is checked (AuditVerifyStreamsPostgresIT).
                ps.setFetchSize(VERIFY_FETCH_ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
                        AuditEvent e = new AuditEvent(
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                releaseFacts(rs));
                        checked++;
                        boolean linked = seq == expectedSeq && MessageDigest.isEqual(prev, rs.getBytes(8));
                        byte[] stored = rs.getBytes(9);
                        byte[] input = canonical(prev, seq, at, e);
                        byte[] expected = seq < keyedFrom ? sha256(input) : key.mac(input);
                        if (!linked
                                || !MessageDigest.isEqual(stored, expected)
                                || (seq == keyedFrom
                                        && switches.size() == 1
                                        && !e.detail().startsWith("legacy_through=" + (seq - 1) + ";"))) {
                            return new ChainCheck(checked, OptionalLong.of(seq));
                        }
                        if (anchor != null && seq == anchor.seq()) {
                            atAnchor = stored;
                        }
                        prev = stored;
                        expectedSeq = seq + 1;
                    }
                }
            }
            return anchor == null
                    ? new ChainCheck(checked, OptionalLong.empty())
                    : againstAnchor(checked, expectedSeq - 1, atAnchor, anchor);
        });
    }

    private static ChainCheck againstAnchor(long checked, long last, byte @Nullable [] atAnchor, Head anchor) {
        if (anchor.seq() == 0) {
            return new ChainCheck(checked, OptionalLong.empty());
        }
        if (atAnchor == null) {
            return new ChainCheck(
                    checked,
                    OptionalLong.of(last + 1),
                    "the chain ends at record " + last + " but the anchor names record " + anchor.seq()
                            + ": records after " + last + " were removed");
        }
        if (!MessageDigest.isEqual(atAnchor, anchor.hash())) {
            return new ChainCheck(
                    checked,
                    OptionalLong.of(anchor.seq()),
                    "record " + anchor.seq() + " does not match the anchor: the chain up to it was replaced");
        }
        return new ChainCheck(checked, OptionalLong.empty());
    }

    /** The V2 columns; all NULL means the record has no release facts (written before V2, or not a release). */
    private static AuditEvent.@Nullable ReleaseFacts releaseFacts(ResultSet rs) throws SQLException {
        String[] v = new String[5];
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            v[i] = rs.getString(10 + i);
            any |= v[i] != null;
        }
        return any ? new AuditEvent.ReleaseFacts(v[0], v[1], v[2], v[3], v[4]) : null;
    }

    /** The legacy (before V7) unkeyed record hash: SHA-256 of {@link #canonical}. */
    static byte[] hash(byte[] prev, long seq, Instant at, AuditEvent e) {
        return sha256(canonical(prev, seq, at, e));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }

    /** What a record's MAC covers. */
    static byte[] canonical(byte[] prev, long seq, Instant at, AuditEvent e) {
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
        return bytes.toByteArray();
    }

    private static boolean isEmpty(AuditEvent.ReleaseFacts f) {
        return f.policy() == null
                && f.measurement() == null
                && f.chipId() == null
                && f.reportedTcb() == null
                && f.reason() == null;
    }

    private static void writeFields(DataOutputStream out, @Nullable String... fields) throws IOException {
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
