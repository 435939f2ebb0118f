package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditChainVerifier;
import dev.snpkm.server.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts under concurrent writes: the store runs on a {@link SimulatedDisk} whose unforced writes are volatile;
 * writer threads create objects, edit their attributes, destroy their material and append audit records, and at a
 * random moment the power goes: a random prefix of the unforced writes survives (the last one possibly torn), the
 * rest is lost. The store must then open, hold every acknowledged write exactly, hold each write that was in flight
 * either whole or not at all, and keep an intact audit chain. Creates and destroys run as the server's batches do: a
 * unit of work whose audit record commits with it, so an object and its Create record (a destroy and its Destroy
 * record) are both present or both absent after every cut. Each round reopens the previous round's file (a copy,
 * so the dead store's H2 instance cannot touch it) and checks everything acknowledged since the store was fresh.
 *
 * <p>{@code -Dsnpkm.crashsim.cuts=N} sets the number of cuts (default 50), {@code -Dsnpkm.crashsim.seed} replays a
 * failure; the bench run of 1,000 cuts is {@link #main}. {@link EveryCrashPointIT} checks every cut point of one
 * writer's forces instead, {@link ForcedStatesUnderConcurrentWritesIT} every forced state of several writers'.
 */
class CrashSimulationIT {
    /** One chain key for every reopen of the store, as the master key is for the appliance. */
    private static final AuditChainKey CHAIN_KEY = AuditChainKey.derive(new byte[32]);

    private static final String OWNER = "CN=crash";
    private static final int WRITERS = 4;
    private static final int ROUNDS_PER_STORE = 25;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesEveryPowerCutAndNothingUnacknowledgedIsHalfThere() throws Exception {
        int cuts = Integer.getInteger("snpkm.crashsim.cuts", 50);
        long seed = Long.getLong("snpkm.crashsim.seed", System.nanoTime());
        assertThat(run(dir, cuts, seed)).isEqualTo(cuts);
    }

    /**
     * The same in a JVM of 48 MB, where H2's auto-commit memory is ~3 MB: before {@link H2OwnStores}, H2 stored chunks
     * on writing threads there, which broke units of work and recovery chains (2 of 4 runs of 150 cuts failed;
     * docs/benchmarks/store.md, "Four").
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void underMemoryPressureToo() throws Exception {
        int cuts = Integer.getInteger("snpkm.crashsim.small-heap-cuts", 40);
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx48m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashSimulationIT.class.getName(),
                        Integer.toString(cuts))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("crash simulation: " + cuts + " power cuts").contains("none half-present");
    }

    /**
     * The bench run, outside JUnit: {@code java -cp … dev.snpkm.server.store.CrashSimulationIT CUTS [SEED]}
     * (classpath as in {@link StoreWritePathBench}).
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("crash-sim-");
        try {
            run(dir, Integer.parseInt(args[0]), args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime());
        } finally {
            dev.snpkm.server.testing.TempDirs.deleteTree(dir);
        }
    }

    /** Runs the cuts (failing an assertion at the first broken promise) and returns how many were made. */
    static long run(Path dir, int cuts, long seed) throws Exception {
        Random random = new Random(seed);
        SimulatedDisk disk = SimulatedDisk.install();
        Model model = null;
        Path previous = null;
        long acknowledged = 0;
        long inFlightFound = 0;
        long started = System.nanoTime();
        for (int round = 0; round < cuts; round++) {
            if (round % ROUNDS_PER_STORE == 0) {
                model = new Model();
                previous = null;
            }
            Path file = dir.resolve("round-" + round);
            if (previous != null) {
                Files.copy(
                        previous.resolveSibling(previous.getFileName() + ".mv.db"),
                        file.resolveSibling(file.getFileName() + ".mv.db"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.delete(previous.resolveSibling(previous.getFileName() + ".mv.db"));
            }
            Database db = Database.openH2(
                    SimulatedDiskFilePath.SCHEME + ":" + file.toAbsolutePath(),
                    Database.poolSizeFor(WRITERS),
                    Database.H2_WRITE_DELAY_MS,
                    WriteAdmission.always());
            JdbcObjectStore store = StoreFixtures.store(db);
            JdbcAuditLog audit = new JdbcAuditLog(db, Clock.systemUTC(), CHAIN_KEY);
            String context = "seed " + seed + ", round " + round;
            inFlightFound += model.verifyAndSettle(db, store, audit, context);
            acknowledged = Math.max(acknowledged, model.acknowledged());

            List<Writer> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(new Writer(model, db, store, audit, round, w, new Random(random.nextLong())));
            }
            writers.forEach(Thread::start);
            Thread.sleep(20 + random.nextInt(200));
            writers.forEach(w -> w.powerCut = true);
            disk.powerCut(random, random.nextInt(8) == 0);
            for (Writer w : writers) {
                w.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(w.isAlive())
                        .as("writer stuck after the power cut (%s)", context)
                        .isFalse();
                assertThat(w.failedBeforeCut)
                        .as("a write failed before the power cut (%s)", context)
                        .isNull();
            }
            closeDead(db);
            previous = file;
        }
        System.out.printf(
                "crash simulation: %d power cuts (seed %d) in %d s, up to %d acknowledged writes checked "
                        + "after each, %d in-flight writes found whole after a cut, none half-present%n",
                disk.cuts(),
                seed,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                acknowledged,
                inFlightFound);
        return disk.cuts();
    }

    /** The dead store's pool: closing it fails (H2 cannot write any more), which is what a power cut looks like. */
    private static void closeDead(Database db) {
        try {
            db.close();
        } catch (RuntimeException expected) {
            // the store lost its disk; nothing to keep
        }
    }

    /** What the writers were told (acknowledged) and what they had in flight when the power went. */
    static final class Model {
        final Map<String, Expected> objects = new HashMap<>();
        final Set<String> inFlightCreates = new HashSet<>();
        long auditsAcknowledged;
        long auditsInFlight;

        synchronized long acknowledged() {
            return objects.size() + auditsAcknowledged;
        }

        /** Checks the reopened store against the model, then settles in-flight writes to what the store holds. */
        synchronized long verifyAndSettle(Database db, JdbcObjectStore store, JdbcAuditLog audit, String context) {
            long found = 0;
            Map<String, StoredObject> byName = new HashMap<>();
            for (StoredObject o : store.locate(LocateQuery.all().owner(OWNER).maxItems(10_000_000))) {
                assertThat(byName.put(o.searchFields().name(), o))
                        .as("two objects named %s (%s)", o.searchFields().name(), context)
                        .isNull();
            }
            for (Map.Entry<String, StoredObject> e : byName.entrySet()) {
                String name = e.getKey();
                StoredObject row = e.getValue();
                Expected x = objects.get(name);
                if (x == null) {
                    assertThat(inFlightCreates)
                            .as("object %s was never created (%s)", name, context)
                            .contains(name);
                    x = new Expected(row.uid(), materialOf(name), "v0", null, false, false);
                    found++;
                }
                assertThat(row.uid()).as("uid of %s (%s)", name, context).isEqualTo(x.uid);
                String contact = contactOf(row);
                assertThat(contact)
                        .as("contact of %s (%s)", name, context)
                        .isIn(x.contact, x.contactInFlight == null ? x.contact : x.contactInFlight);
                boolean destroyed = row.state() == StoreFixtures.DESTROYED;
                if (!x.destroyInFlight) {
                    assertThat(destroyed)
                            .as("destroyed state of %s (%s)", name, context)
                            .isEqualTo(x.destroyed);
                }
                if (destroyed) {
                    assertThat(row.hasMaterial())
                            .as("material of destroyed %s (%s)", name, context)
                            .isFalse();
                } else {
                    assertThat(row.state()).isEqualTo(StoreFixtures.ACTIVE);
                    assertThat(store.material(row.uid()))
                            .as("material of %s (%s)", name, context)
                            .isEqualTo(StoreFixtures.material(x.material));
                }
                assertThat(nameClaims(db, row.uid()))
                        .as("name claims of %s (%s)", name, context)
                        .isEqualTo(destroyed ? 0 : 1);
                assertThat(actionRecords(db, "Create", row.uid()))
                        .as("Create records of present object %s (%s)", name, context)
                        .isEqualTo(1);
                assertThat(actionRecords(db, "Destroy", row.uid()))
                        .as("Destroy records of %s, destroyed: %s (%s)", name, destroyed, context)
                        .isEqualTo(destroyed ? 1 : 0);
                found += (x.contactInFlight != null && contact.equals(x.contactInFlight))
                                || (x.destroyInFlight && destroyed)
                        ? 1
                        : 0;
                objects.put(name, new Expected(x.uid, x.material, contact, null, destroyed, false));
            }
            for (String name : objects.keySet()) {
                assertThat(byName)
                        .as("acknowledged object %s lost (%s)", name, context)
                        .containsKey(name);
            }
            inFlightCreates.clear();
            Set<String> present = new HashSet<>();
            byName.values().forEach(o -> present.add(o.uid()));
            assertThat(present)
                    .as("objects of every Create record (%s)", context)
                    .containsAll(recordedUids(db, "Create"));
            long audits = db.read("count audit", c -> {
                try (var s = c.createStatement();
                        var rs = s.executeQuery(
                                "SELECT COUNT(*) FROM audit_record WHERE actor = 'crash-writer' AND action = 'test'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(audits)
                    .as("audit records (%s)", context)
                    .isBetween(auditsAcknowledged, auditsAcknowledged + auditsInFlight);
            found += audits - auditsAcknowledged;
            auditsAcknowledged = audits;
            auditsInFlight = 0;
            assertThat(new AuditChainVerifier(audit).verify().intact())
                    .as("audit chain (%s)", context)
                    .isTrue();
            return found;
        }

        private static long nameClaims(Database db, String uid) {
            return db.read("count name claims", c -> {
                try (var ps = c.prepareStatement("SELECT COUNT(*) FROM object_name WHERE uid = ?")) {
                    ps.setString(1, uid);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        }

        /** How many records of the action name the object. */
        private static long actionRecords(Database db, String action, String uid) {
            return db.read("count action records", c -> {
                try (var ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM audit_record WHERE actor = 'crash-writer' AND action = ? "
                                + "AND object_uid = ?")) {
                    ps.setString(1, action);
                    ps.setString(2, uid);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        }

        /** The objects the records of the action name. */
        private static List<String> recordedUids(Database db, String action) {
            return db.read("read action records", c -> {
                List<String> uids = new ArrayList<>();
                try (var ps = c.prepareStatement(
                        "SELECT object_uid FROM audit_record WHERE actor = 'crash-writer' AND action = ?")) {
                    ps.setString(1, action);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            uids.add(rs.getString(1));
                        }
                    }
                }
                return uids;
            });
        }

        private static String contactOf(StoredObject row) {
            return row.attributes()
                    .child(StoreFixtures.CONTACT)
                    .map(t -> ((Ttlv.TextString) t).value())
                    .orElseThrow();
        }
    }

    static long materialOf(String name) {
        return Long.parseLong(name.substring(2));
    }

    /** What the store must hold for one object; the in-flight fields say what it may hold instead. */
    record Expected(
            String uid,
            long material,
            String contact,
            String contactInFlight,
            boolean destroyed,
            boolean destroyInFlight) {}

    /**
     * Writes until the power goes: creates and destroys (each audited in its own commit, as a batch is), contact
     * edits, and audit appends of their own (as a denial's record is), on its own objects.
     */
    static final class Writer extends Thread {
        private final Model model;
        private final Database db;
        private final JdbcObjectStore store;
        private final JdbcAuditLog audit;
        private final Random random;
        private final long base;
        private final List<String> mine = new ArrayList<>();
        volatile Throwable failedBeforeCut;
        /** Set before the power goes: any failure after it is the cut's doing. */
        volatile boolean powerCut;

        Writer(
                Model model,
                Database db,
                JdbcObjectStore store,
                JdbcAuditLog audit,
                int round,
                int writer,
                Random random) {
            super("crash-writer-" + writer);
            this.model = model;
            this.db = db;
            this.store = store;
            this.audit = audit;
            this.random = random;
            this.base = (round * 10L + writer) * 1_000_000L;
        }

        @Override
        public void run() {
            long seq = 0;
            try {
                while (true) {
                    int dice = random.nextInt(100);
                    if (dice < 50 || mine.isEmpty()) {
                        create("k-" + (base + seq++));
                    } else if (dice < 75) {
                        edit(mine.get(random.nextInt(mine.size())), "v" + seq++);
                    } else if (dice < 88) {
                        destroy(mine.remove(random.nextInt(mine.size())));
                    } else {
                        synchronized (model) {
                            model.auditsInFlight++;
                        }
                        audit.append(new AuditEvent("crash-writer", "test", null, "ok", "seq " + seq++));
                        synchronized (model) {
                            model.auditsInFlight--;
                            model.auditsAcknowledged++;
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (!powerCut) {
                    failedBeforeCut = e;
                }
            }
        }

        private void create(String name) {
            synchronized (model) {
                model.inFlightCreates.add(name);
            }
            StoredObject o = db.unitOfWork("create " + name, () -> {
                StoredObject created =
                        store.create(StoreFixtures.aesKey(name, OWNER, "v0", StoreFixtures.material(materialOf(name))));
                audited("Create", created.uid());
                return created;
            });
            synchronized (model) {
                model.inFlightCreates.remove(name);
                model.objects.put(name, new Expected(o.uid(), materialOf(name), "v0", null, false, false));
            }
            mine.add(name);
        }

        /** The action's record, the last write of the unit of work (as BatchRunner's). */
        private void audited(String action, String uid) {
            audit.appendAllClosingUnitOfWork(List.of(new AuditEvent("crash-writer", action, uid, "success", "")));
        }

        private void edit(String name, String contact) {
            Expected x;
            synchronized (model) {
                x = model.objects.get(name);
                model.objects.put(name, new Expected(x.uid, x.material, x.contact, contact, false, false));
            }
            store.updateAttributes(
                    x.uid,
                    new SearchFields(name, StoreFixtures.AES, 256, "disks"),
                    StoreFixtures.attributes(name, contact),
                    Set.of());
            synchronized (model) {
                model.objects.put(name, new Expected(x.uid, x.material, contact, null, false, false));
            }
        }

        private void destroy(String name) {
            Expected x;
            synchronized (model) {
                x = model.objects.get(name);
                model.objects.put(name, new Expected(x.uid, x.material, x.contact, null, false, true));
            }
            db.unitOfWork("destroy " + name, () -> {
                store.destroyMaterial(x.uid, StoreFixtures.DESTROYED);
                audited("Destroy", x.uid);
                return null;
            });
            synchronized (model) {
                model.objects.put(name, new Expected(x.uid, x.material, x.contact, null, true, false));
            }
        }
    }
}
