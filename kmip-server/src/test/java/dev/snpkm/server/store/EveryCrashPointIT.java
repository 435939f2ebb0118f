package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every place a power cut can fall, checked exhaustively rather than by chance ({@link CrashSimulationIT} cuts at
 * random moments): one writer makes objects durable one after another, and at each force of the store's file the
 * {@link SimulatedDisk} shows the file as the disk holds it and the writes about to land. Each force whose writes
 * overwrite older parts of the file (a freed chunk's space reused: where a careless reuse breaks the chain H2 recovers
 * by) is kept, and afterwards every prefix of its writes, the last one also torn, is applied to a copy and opened: the
 * copy must hold every object acknowledged before that force began.
 */
class EveryCrashPointIT {
    /**
     * Forces kept for checking, at most ({@code -Dsnpkm.crashpoints=N}); each costs a file copy and an open per write
     * it carries, ~0.1 s.
     */
    private static final int MAX_CRASH_POINTS = Integer.getInteger("snpkm.crashpoints", 120);

    private static final int OBJECTS = 20 * MAX_CRASH_POINTS;

    @TempDir
    Path dir;

    /** A force's moment: the file on the disk (copied), the writes about to land, and what was acknowledged. */
    private record CrashPoint(Path disk, List<SimulatedDisk.UnforcedWrite> writes, int acknowledged) {}

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyPrefixOfAForceThatReusesSpaceKeepsEveryAcknowledgedObject() throws Exception {
        SimulatedDisk disk = SimulatedDisk.install();
        List<String> acknowledged = new ArrayList<>();
        List<CrashPoint> points = new ArrayList<>();
        disk.observeForces((name, onDisk, writes) -> {
            if (!name.endsWith(".mv.db") || points.size() >= MAX_CRASH_POINTS) {
                return;
            }
            long size = onDisk.size();
            // Past the two header blocks: a chunk written where an older one was.
            boolean reusesSpace = writes.stream().anyMatch(w -> w.position() >= 8192 && w.position() < size);
            if (reusesSpace) {
                Path copy = dir.resolve("point-" + points.size() + ".mv.db");
                copyOf(onDisk, copy);
                synchronized (acknowledged) {
                    points.add(new CrashPoint(copy, writes, acknowledged.size()));
                }
            }
        });
        Random random = new Random(20261206);
        try (Database db = disk.openDatabase(dir.resolve("store"))) {
            JdbcObjectStore store = StoreFixtures.store(db);
            for (int i = 0; i < OBJECTS && points.size() < MAX_CRASH_POINTS; i++) {
                String uid = store.create(StoreFixtures.aesKey("k-" + i, "CN=points", "v0", StoreFixtures.material(i)))
                        .uid();
                synchronized (acknowledged) {
                    acknowledged.add(uid);
                }
                // Edits and destroys of older objects free pages, so chunks die and their space is reused.
                String older = acknowledged.get(random.nextInt(acknowledged.size()));
                if (random.nextInt(3) == 0) {
                    store.destroyMaterial(older, StoreFixtures.DESTROYED);
                } else {
                    String name = store.get(older).orElseThrow().searchFields().name();
                    store.updateAttributes(
                            older,
                            new SearchFields(name, StoreFixtures.AES, 256, "disks"),
                            StoreFixtures.attributes(name, "v" + i),
                            Set.of());
                }
            }
        } finally {
            disk.observeForces(null);
        }
        assertThat(points)
                .as("forces that reused file space (the cases this test is for)")
                .hasSizeGreaterThan(20);

        int opened = 0;
        Random tear = new Random(7);
        for (int p = 0; p < points.size(); p++) {
            CrashPoint point = points.get(p);
            List<String> mustHave = acknowledged.subList(0, point.acknowledged());
            for (int kept = 0; kept <= point.writes().size(); kept++) {
                for (boolean torn : kept == 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                    Path cut = dir.resolve("cut.mv.db");
                    Files.copy(point.disk(), cut, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    land(cut, point.writes().subList(0, kept), torn ? tear : null);
                    Set<String> held = uidsIn(cut);
                    opened++;
                    String where = "force " + p + " cut after " + kept + " of "
                            + point.writes().size() + " writes" + (torn ? ", the last torn" : "");
                    assertThat(held)
                            .as("objects acknowledged before the force, after a cut at %s", where)
                            .containsAll(mustHave);
                }
            }
            Files.delete(point.disk());
        }
        System.out.printf(
                "every crash point: %d forces reusing file space, %d cut states opened, all acknowledged objects held%n",
                points.size(), opened);
    }

    static void copyOf(FileChannel source, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = source.size();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (long at = 0; at < size; ) {
                buffer.clear();
                int n = source.read(buffer, at);
                if (n <= 0) {
                    break;
                }
                buffer.flip();
                out.write(buffer, at);
                at += n;
            }
        }
    }

    /** Writes a prefix of the unforced writes, the last one cut at a random 512-byte sector when {@code tear}. */
    static void land(Path file, List<SimulatedDisk.UnforcedWrite> writes, @Nullable Random tear) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int i = 0; i < writes.size(); i++) {
                SimulatedDisk.UnforcedWrite w = writes.get(i);
                int length = w.bytes().length;
                if (tear != null && i == writes.size() - 1) {
                    length = Math.min(length, tear.nextInt(length / 512 + 1) * 512);
                }
                out.write(ByteBuffer.wrap(w.bytes(), 0, length), w.position());
            }
        }
    }

    private static Set<String> uidsIn(Path mvDb) throws SQLException {
        String base = mvDb.toString().substring(0, mvDb.toString().length() - ".mv.db".length());
        Set<String> uids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT uid FROM managed_object")) {
            while (rs.next()) {
                uids.add(rs.getString(1));
            }
        }
        return uids;
    }
}
