package dev.snpkm.appliance.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: SIGTERM while the expired-nonce purge ran interrupted its thread inside an H2 write; the interrupt closed
 * H2's file channel, the store closed before the stop record was written, and the appliance exited 1.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StopDuringNoncePurgeProcessIT {
    private static final int EXPIRED_NONCES = 200_000;

    @Test
    void sigtermDuringThePurgeExitsZeroAndKeepsTheStopRecord(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("appliance.yaml");
        Files.writeString(config, """
                kmip:
                  address: 127.0.0.1
                  port: 0
                metrics:
                  port: 0
                """);
        Path dataDir = tmp.resolve("data");
        try (ApplianceProcess first = ApplianceProcess.start(config, dataDir)) { // bootstraps the data directory
            first.awaitReady();
            assertThat(first.terminate()).isZero();
        }
        DataDirectory dir = new DataDirectory(dataDir);
        insertExpiredNonces(dir.storeBase()); // a backlog: the purge at start takes a while to delete it

        try (ApplianceProcess appliance = ApplianceProcess.start(config, dataDir)) {
            appliance.awaitReady(); // the purge started just before "ready"
            int exit = appliance.terminate();

            assertThat(exit).as(appliance.output()).isZero();
            assertThat(appliance.output()).contains("event=stopped");
        }
        try (Database db = Database.openH2File(dir.storeBase());
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet last = s.executeQuery("SELECT action FROM audit_record ORDER BY seq DESC LIMIT 1")) {
            assertThat(last.next()).isTrue();
            assertThat(last.getString(1)).isEqualTo("stop");
        }
    }

    private static void insertExpiredNonces(Path storeBase) throws Exception {
        Timestamp past = Timestamp.from(Instant.now().minus(Duration.ofHours(1)));
        try (Database db = Database.openH2File(storeBase);
                Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO attestation_nonce (nonce_id, value_sha256, "
                        + "client_identity, object_uid, created_at, expires_at, used) "
                        + "VALUES (?, ?, ?, ?, ?, ?, FALSE)")) {
            c.setAutoCommit(false);
            byte[] hash = new byte[32];
            for (int i = 0; i < EXPIRED_NONCES; i++) {
                ps.setString(1, "expired-" + i);
                ps.setBytes(2, hash);
                ps.setString(3, "sha256:test");
                ps.setString(4, "uid-" + (i % 100));
                ps.setTimestamp(5, past);
                ps.setTimestamp(6, past);
                ps.addBatch();
                if (i % 10_000 == 9_999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }
}
