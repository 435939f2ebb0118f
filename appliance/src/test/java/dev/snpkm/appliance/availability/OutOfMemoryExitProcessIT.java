package dev.snpkm.appliance.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.store.NewStoredObject;
import dev.snpkm.server.store.SearchFields;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: after an OutOfMemoryError the appliance limped on (H2 closed the store, every release failed until a
 * restart). Started with its launch command ({@link ApplianceProcess#command}: -XX:+ExitOnOutOfMemoryError, as the
 * Dockerfile and the systemd unit), it now ends with exit 3 at the first one, for the supervisor to restart it. The
 * OutOfMemoryError here is real: an online backup of a store larger than a deliberately small heap.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutOfMemoryExitProcessIT {
    private static final int OBJECTS = 16;
    private static final int MATERIAL_BYTES = 1024 * 1024;

    @Test
    void anOutOfMemoryErrorEndsTheProcessWithExit3(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("appliance.yaml");
        Files.writeString(config, "kmip:\n  address: 127.0.0.1\n  port: 0\nmetrics:\n  port: 0\n");
        Path dataDir = tmp.resolve("data");
        try (ApplianceProcess first = ApplianceProcess.start(config, dataDir)) {
            first.awaitReady();
            assertThat(first.terminate()).isZero();
        }
        DataDirectory dir = new DataDirectory(dataDir);
        fillStore(dir);

        try (ApplianceProcess appliance = ApplianceProcess.start(config, dataDir, List.of("-Xmx48m"))) {
            ApplianceProcess.ReadyLine ready = appliance.awaitReady();
            String token = Files.readString(dir.adminToken()).strip();
            CompletableFuture<HttpResponse<byte[]>> backup = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + ready.metricsPort() + "/admin/backup"))
                                    .header("Authorization", "Bearer " + token)
                                    .timeout(Duration.ofSeconds(60))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());

            int exit = appliance.awaitExit(Duration.ofSeconds(60));

            assertThat(exit).as(appliance.output()).isEqualTo(3);
            assertThat(appliance.output()).contains("java.lang.OutOfMemoryError");
            assertThat(backup).failsWithin(Duration.ofSeconds(10)); // the connection died with the process
        }
    }

    /** 16 objects of 1 MiB each: a backup (SQL text, hex) needs several times the 48 MiB heap. */
    private static void fillStore(DataDirectory dir) throws Exception {
        Random random = new Random(14);
        try (Database db = Database.openH2File(dir.storeBase())) {
            JdbcObjectStore store = new JdbcObjectStore(
                    db, new MaterialSealer(new MasterKeyFile(dir.masterKey()).load()), Clock.systemUTC());
            for (int i = 0; i < OBJECTS; i++) {
                byte[] material = new byte[MATERIAL_BYTES];
                random.nextBytes(material);
                store.create(new NewStoredObject(
                        2,
                        1,
                        "test",
                        new SearchFields("big-" + i, 3, 256, null),
                        new Ttlv.Structure(Tag.ATTRIBUTES, List.of()),
                        material));
            }
        }
    }
}
