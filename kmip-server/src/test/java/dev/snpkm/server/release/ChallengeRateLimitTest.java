package dev.snpkm.server.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.ratelimit.KeyedRateLimiter;
import dev.snpkm.server.ratelimit.RateLimit;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.RecordedAuditLog;
import dev.snpkm.server.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Challenges over a client's rate are refused before the gate, and audited: one record, then one count a minute. */
class ChallengeRateLimitTest {
    @TempDir
    Path dir;

    @Test
    void challengesOverTheRateAreRefusedBeforeTheGateAndAuditedWithoutFloodingTheLog() throws Exception {
        var clock = new EngineFixture.MovableClock();
        ClientIdentity client =
                ClientIdentity.of(TestPki.generate(dir.resolve("pki")).client().certificate());
        try (Database db = Database.openH2File(dir.resolve("store"))) {
            RecordedAuditLog log = new RecordedAuditLog(new JdbcAuditLog(db, clock));
            RefusalAudit refusals = new RefusalAudit(log, clock, Duration.ofMinutes(1));
            AtomicInteger asked = new AtomicInteger();
            KeyReleaseGate gate = r -> {
                asked.incrementAndGet();
                return new ReleaseDecision.Release(r.policyName(), false);
            };
            ChallengeRateLimit limit = new ChallengeRateLimit(
                    gate, new KeyedRateLimiter(new RateLimit(0.01, 2)), new Accountability(log, refusals));
            ReleaseRequest challenge = new ReleaseRequest(
                    client,
                    Operation.GET,
                    "uid-1",
                    "vm-disk",
                    RequestHeader.builder(KmipVersion.V2_1)
                            .attestationCapable(true)
                            .build(),
                    null);

            for (int i = 0; i < 2; i++) {
                assertThat(limit.decide(challenge)).isInstanceOf(ReleaseDecision.Release.class);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(limit.decide(challenge)).isInstanceOfSatisfying(ReleaseDecision.Denied.class, d -> {
                    assertThat(d.reason()).isEqualTo(ResultReason.SERVER_LIMIT_EXCEEDED);
                    assertThat(d.message()).contains("rate limit exceeded");
                });
            }
            assertThat(asked).as("the gate is not asked over the rate").hasValue(2);

            refusals.flushAll();
            List<AuditEvent> records = log.events.stream()
                    .filter(e -> e.action().equals("rate-limited-challenges"))
                    .toList();
            assertThat(records).hasSize(2);
            assertThat(records.get(0).outcome()).isEqualTo("refused");
            assertThat(records.get(0).objectUid()).isEqualTo("uid-1");
            assertThat(records.get(0).detail()).contains("attestation challenges per minute");
            assertThat(records.get(1).outcome()).isEqualTo("refused-repeatedly");
            assertThat(records.get(1).detail()).startsWith("4 more refusals");
            assertThat(log.verify().intact()).isTrue();
        }
    }
}
