package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged create survives kill -9: a separate JVM creates objects and prints each uid after its commit
 * returns; we SIGKILL it mid-load, reopen the database and look for every printed uid with intact material.
 */
class ObjectStoreDurabilityIT {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAcknowledgedObjectSurvivesSigkillOfTheWriter() throws Exception {
        Path db = dir.resolve("durable");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process writer = new ProcessBuilder(java, "-cp", classpath, DurabilityWriter.class.getName(), db.toString())
                .redirectError(dir.resolve("writer-stderr.txt").toFile())
                .start();

        Map<Long, String> acknowledged = new LinkedHashMap<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                record(acknowledged, line);
            }
            // SIGKILL on Unix: no shutdown hooks, no H2 close. Through the handle, because Process.destroyForcibly()
            // also closes our end of the pipe and we still want the lines printed before the kill.
            writer.toHandle().destroyForcibly();
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
            // Lines the writer printed before it died were acknowledged too.
            while ((line = out.readLine()) != null) {
                record(acknowledged, line);
            }
        }
        assertThat(acknowledged)
                .as("writer stderr: %s", Files.readString(dir.resolve("writer-stderr.txt")))
                .hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (Database reopened = Database.openH2File(db)) {
            ObjectStore store = StoreFixtures.store(reopened);
            for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                assertThat(store.get(ack.getValue()))
                        .as("acknowledged object %d", ack.getKey())
                        .isPresent();
                assertThat(store.material(ack.getValue())).isEqualTo(StoreFixtures.material(ack.getKey()));
            }
            List<StoredObject> all =
                    store.locate(LocateQuery.all().owner("CN=durability").maxItems(1_000_000));
            System.out.printf(
                    "durability: %d creates acknowledged before SIGKILL, %d objects in the reopened "
                            + "database, all acknowledged ones present with intact material%n",
                    acknowledged.size(), all.size());
            assertThat(all.size()).isGreaterThanOrEqualTo(acknowledged.size());
        }
    }

    private static void record(Map<Long, String> acks, String line) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ACK")) {
            acks.put(Long.parseLong(parts[1]), parts[2]);
        }
    }
}
