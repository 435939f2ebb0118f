package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two attacks on the unkeyed chain that an independent review showed passing {@code audit verify}: editing a
 * record and recomputing every later hash, and deleting the newest records. The first needs the chain key now; the
 * second is caught against an anchor kept outside the store. And a chain written before the upgrade keeps verifying.
 */
class KeyedAuditChainTest {
    private static final byte[] MASTER = new byte[32];

    static {
        Arrays.fill(MASTER, (byte) 0x42);
    }

    @TempDir
    Path dir;

    private static AuditChainKey key() {
        return AuditChainKey.derive(MASTER);
    }

    private static void append(AuditLog log, int n) {
        java.util.List<AuditEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new AuditEvent("CN=vm-" + i, "Get", "uid-" + i, i % 2 == 0 ? "denied" : "released", "r" + i));
        }
        log.appendAll(events);
    }

    @Test
    void anEditWithEveryLaterHashRecomputedIsDetected() throws Exception {
        try (Database db = Database.openH2File(dir.resolve("s"))) {
            AuditLog log = new JdbcAuditLog(db, Clock.systemUTC(), key());
            append(log, 20);
            // The attacker turns a denial into a release and rechains from there, as the old rule allowed: with
            // SHA-256 (the unkeyed rule), and with an HMAC under a key of their own.
            rechain(db, 6, "released", JdbcAuditLog::hash);
            assertThat(log.verify().firstBrokenSeq()).hasValue(6);
            AuditChainKey guessed = AuditChainKey.derive(new byte[32]);
            rechain(db, 6, "released", (prev, seq, at, e) -> guessed.mac(JdbcAuditLog.canonical(prev, seq, at, e)));
            assertThat(log.verify().firstBrokenSeq()).hasValue(6);
            // With the real key (only the master key's holder has it) the same rewrite would verify: the key is it.
            AuditChainKey real = key();
            rechain(db, 6, "released", (prev, seq, at, e) -> real.mac(JdbcAuditLog.canonical(prev, seq, at, e)));
            assertThat(log.verify().intact()).isTrue();
        }
    }

    @Test
    void deletingTheNewestRecordsIsDetectedAgainstAnAnchor() throws Exception {
        try (Database db = Database.openH2File(dir.resolve("s"))) {
            AuditLog log = new JdbcAuditLog(db, Clock.systemUTC(), key());
            append(log, 1_100);
            AuditLog.Head anchor = AuditLog.Head.parse(log.head().text()); // as logged: event=audit_anchor
            assertThat(anchor.seq()).isEqualTo(1_100);
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM audit_record WHERE seq > 100")) {
                assertThat(ps.executeUpdate()).isEqualTo(1_000);
            }
            assertThat(log.verify().intact())
                    .as("a prefix of a chain is a valid chain")
                    .isTrue();
            AuditLog.ChainCheck check = log.verify(anchor);
            assertThat(check.intact()).isFalse();
            assertThat(check.firstBrokenSeq()).hasValue(101);
            assertThat(check.problem()).contains("ends at record 100", "names record 1100");
            // Refilling the tail with new records does not fool the anchor either.
            append(log, 1_000);
            assertThat(log.verify(anchor).firstBrokenSeq()).hasValue(1_100);
        }
    }

    @Test
    void aChainFromBeforeTheUpgradeKeepsVerifyingAndIsSealedByTheSwitchOver() throws Exception {
        Path file = dir.resolve("old");
        String url = "jdbc:h2:file:" + file.toAbsolutePath();
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .javaMigrations(new ObjectNamesBackfill(), new ObjectGrantsBackfill())
                .target("6")
                .load()
                .migrate();
        byte[] prev = new byte[32];
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            for (int seq = 1; seq <= 3; seq++) {
                Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq);
                AuditEvent e = new AuditEvent("appliance", "start", null, "ok", "legacy " + seq);
                byte[] hash = JdbcAuditLog.hash(prev, seq, at, e);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_record (seq, recorded_at, actor, "
                        + "action, object_uid, outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, seq);
                    ps.setObject(2, OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
                    ps.setString(3, e.actor());
                    ps.setString(4, e.action());
                    ps.setString(5, null);
                    ps.setString(6, e.outcome());
                    ps.setString(7, e.detail());
                    ps.setBytes(8, prev);
                    ps.setBytes(9, hash);
                    ps.executeUpdate();
                }
                prev = hash;
            }
        }
        try (Database db = Database.openH2File(file)) {
            AuditLog log = new JdbcAuditLog(db, Clock.systemUTC(), key());
            append(log, 2);
            assertThat(log.verify().intact()).as(log.verify().problem()).isTrue();
            assertThat(log.verify().recordsChecked()).isEqualTo(6);
            assertThat(detail(db, 4)).startsWith("legacy_through=3;");
            // Reopening does not add a second switch-over.
            assertThat(new JdbcAuditLog(db, Clock.systemUTC(), key()).head().seq())
                    .isEqualTo(6);
            // The legacy records are sealed: rewriting one and rechaining the legacy part breaks at the switch-over.
            rechainUpTo(db, 2, 3);
            assertThat(log.verify().firstBrokenSeq()).hasValue(4);
        }
    }

    @FunctionalInterface
    interface Chainer {
        byte[] hash(byte[] prev, long seq, Instant at, AuditEvent e);
    }

    /** Sets record from's outcome, then recomputes its hash and every later one with {@code chainer}. */
    private static void rechain(Database db, long from, String outcome, Chainer chainer) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_record SET outcome = ? WHERE seq = ?")) {
                ps.setString(1, outcome);
                ps.setLong(2, from);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            recompute(c, from, Long.MAX_VALUE, chainer);
        }
    }

    private static void rechainUpTo(Database db, long from, long to) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_record SET detail = 'forged' WHERE seq = ?")) {
                ps.setLong(1, from);
                ps.executeUpdate();
            }
            recompute(c, from, to, JdbcAuditLog::hash);
        }
    }

    private static void recompute(Connection c, long from, long to, Chainer chainer) throws Exception {
        byte[] prev;
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_record WHERE seq = ?")) {
            ps.setLong(1, from - 1);
            try (ResultSet rs = ps.executeQuery()) {
                prev = rs.next() ? rs.getBytes(1) : new byte[32];
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, actor, action, object_uid, outcome, "
                + "detail FROM audit_record WHERE seq >= ? AND seq <= ? ORDER BY seq")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    AuditEvent e = new AuditEvent(
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7));
                    byte[] hash = chainer.hash(
                            prev, seq, rs.getObject(2, OffsetDateTime.class).toInstant(), e);
                    try (PreparedStatement u =
                            c.prepareStatement("UPDATE audit_record SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                        u.setBytes(1, prev);
                        u.setBytes(2, hash);
                        u.setLong(3, seq);
                        u.executeUpdate();
                    }
                    prev = hash;
                }
            }
        }
        assertThat(MessageDigest.isEqual(prev, new byte[32])).isFalse();
    }

    private static String detail(Database db, long seq) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT detail FROM audit_record WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
