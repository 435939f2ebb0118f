package dev.snpkm.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.RecordedAuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused client retrying in a loop must not write a record per request (the review's 68,021 rows in a minute), yet
 * no refusal may go unaccounted: one record at once, then one count per actor and interval. Memory stays bounded
 * however many actors are refused.
 */
class RefusalAuditTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private static List<AuditEvent> of(RecordedAuditLog log, String kind, String outcome) {
        return log.events.stream()
                .filter(e -> e.action().equals(kind) && e.outcome().equals(outcome))
                .toList();
    }

    @Test
    void aFloodIsOneRecordThenOneCountPerInterval() {
        var clock = new EngineFixture.MovableClock();
        try (Database db = Database.openH2File(dir.resolve("s"))) {
            RecordedAuditLog log = new RecordedAuditLog(new JdbcAuditLog(db, clock));
            RefusalAudit audit = new RefusalAudit(log, clock, MINUTE);
            for (int i = 0; i < 1_000; i++) {
                audit.refused("CN=revoked", "deny-list", null, "certificate revoked");
            }
            audit.refused("CN=other", "deny-list", null, "certificate revoked");
            assertThat(log.events).hasSize(2);
            audit.flushExpired();
            assertThat(log.events).as("the interval is not over yet").hasSize(2);

            clock.advance(MINUTE);
            audit.refused("CN=revoked", "deny-list", "uid-9", "certificate revoked");
            assertThat(of(log, "deny-list", "refused-repeatedly"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.detail()).startsWith("999 more refusals"));
            assertThat(of(log, "deny-list", "refused")).hasSize(3);
            audit.flushAll();
            assertThat(of(log, "deny-list", "refused-repeatedly"))
                    .as("CN=other had no repeat")
                    .hasSize(1);
            assertThat(log.verify().intact()).isTrue();
        }
    }

    /** What a client sent may be longer than the audit columns (a 5,000-character Username): cut, still recorded. */
    @Test
    void aRefusalCarryingOverlongClientTextIsStillRecorded() {
        var clock = new EngineFixture.MovableClock();
        try (Database db = Database.openH2File(dir.resolve("s"))) {
            JdbcAuditLog stored = new JdbcAuditLog(db, clock);
            RecordedAuditLog log = new RecordedAuditLog(stored);
            RefusalAudit audit = new RefusalAudit(log, clock, MINUTE);
            String longName = "u".repeat(5_000);

            audit.refused("CN=" + longName, "credential-refused", "x".repeat(100), "names '" + longName + "'");

            assertThat(stored.head().seq()).as("the record was stored").isEqualTo(1);
            assertThat(log.events).singleElement().satisfies(e -> {
                assertThat(e.actor()).hasSize(1024).endsWith("u…");
                assertThat(e.objectUid()).hasSize(64);
                assertThat(e.detail()).hasSize(4000).startsWith("names 'uuu");
            });
            assertThat(stored.verify().intact()).isTrue();
        }
    }

    @Test
    void pastTheTrackedActorsTheRestShareOneWindow() {
        var clock = new EngineFixture.MovableClock();
        try (Database db = Database.openH2File(dir.resolve("s"))) {
            RecordedAuditLog log = new RecordedAuditLog(new JdbcAuditLog(db, clock));
            RefusalAudit audit = new RefusalAudit(log, clock, MINUTE, 100);
            int actors = 100 + 500;
            for (int i = 0; i < actors; i++) {
                audit.refused("CN=client-" + i, "crl", null, "revoked by its CA");
            }
            assertThat(log.events).hasSize(100 + 1);
            assertThat(log.events.get(log.events.size() - 1).actor()).contains("more actors than tracked");
            audit.flushAll();
            assertThat(of(log, "crl", "refused-repeatedly"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.detail()).startsWith("499 more refusals"));
        }
    }
}
