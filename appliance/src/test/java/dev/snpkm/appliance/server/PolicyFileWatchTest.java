package dev.snpkm.appliance.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.testing.Await;
import dev.snpkm.server.testing.RecordedAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster node applies a changed policy file by itself, and audits each reload, applied or refused. */
class PolicyFileWatchTest {
    @TempDir
    Path dir;

    @Test
    void aChangedFileIsAppliedAndAuditedAndABadOneRefusedAuditedAndNotApplied() throws Exception {
        Path file = dir.resolve("policies.yaml");
        Files.writeString(file, "policies:\n  vm-disk:\n    measurements: []\n");
        ReleasePolicyRegistry policies = ReleasePolicyRegistry.load(file, Clock.systemUTC());
        try (Database db = Database.openH2File(dir.resolve("store"))) {
            RecordedAuditLog audit = new RecordedAuditLog(new JdbcAuditLog(db, Clock.systemUTC()));
            try (PolicyFileWatch watch = PolicyFileWatch.start(policies, file, audit)) {
                write(file, "policies:\n  vm-disk:\n    measurements: []\n  db-disk:\n    measurements: []\n", 10);
                Await.until(() -> reloads(audit).size() == 1, 10);
                assertThat(reloads(audit).get(0).outcome()).isEqualTo("ok");
                assertThat(reloads(audit).get(0).detail()).isEqualTo("2 policies: db-disk vm-disk");
                assertThat(reloads(audit).get(0).actor()).isEqualTo("policy-file-watch");
                assertThat(policies.list()).hasSize(2);

                write(file, "policies:\n  vm-disk:\n    measurements:\n", 20);
                Await.until(() -> reloads(audit).size() == 2, 10);
                assertThat(reloads(audit).get(1).outcome()).isEqualTo("refused");
                assertThat(reloads(audit).get(1).detail()).contains("measurements");
                assertThat(policies.list()).as("the policies in force stay").hasSize(2);
                assertThat(audit.verify().intact()).isTrue();
            }
        }
    }

    private static List<AuditEvent> reloads(RecordedAuditLog audit) {
        return audit.events.stream()
                .filter(e -> e.action().equals("policies-reload"))
                .toList();
    }

    /** Writes and stamps a distinct modification time, so the change is seen whatever the clock's granularity. */
    private static void write(Path file, String text, int secondsAhead) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }
}
