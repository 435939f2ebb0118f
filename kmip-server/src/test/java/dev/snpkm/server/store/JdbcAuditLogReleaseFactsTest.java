package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcAuditLogReleaseFactsTest {
    @TempDir
    Path dir;

    @Test
    void recordWithoutReleaseFactsHashesAsBeforeSchemaV2() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        AuditEvent plain = new AuditEvent("CN=a", "Get", "uid", "success", "x");
        AuditEvent emptyFacts = new AuditEvent(
                "CN=a", "Get", "uid", "success", "x", new AuditEvent.ReleaseFacts(null, null, null, null, null));
        AuditEvent withFacts = new AuditEvent(
                "CN=a", "Get", "uid", "success", "x", new AuditEvent.ReleaseFacts("p", null, null, null, "NONE"));

        assertThat(JdbcAuditLog.hash(new byte[32], 1, at, emptyFacts))
                .isEqualTo(JdbcAuditLog.hash(new byte[32], 1, at, plain));
        assertThat(JdbcAuditLog.hash(new byte[32], 1, at, withFacts))
                .isNotEqualTo(JdbcAuditLog.hash(new byte[32], 1, at, plain));
    }

    @Test
    void mixedChainOfPlainAndReleaseRecordsVerifies() {
        try (Database db = TestStores.open(dir.resolve("a"))) {
            AuditLog log = new JdbcAuditLog(db, Clock.systemUTC());
            log.append(new AuditEvent("CN=a", "Create", "uid", "success", ""));
            log.append(new AuditEvent(
                    "CN=a",
                    "GET",
                    "uid",
                    "released",
                    "",
                    new AuditEvent.ReleaseFacts("p", "aa", "bb", "0x01", "NONE")));
            log.append(new AuditEvent("CN=a", "Destroy", "uid", "success", ""));

            AuditLog.ChainCheck check = log.verify();
            assertThat(check.intact()).isTrue();
            assertThat(check.recordsChecked()).isEqualTo(3);
        }
    }
}
