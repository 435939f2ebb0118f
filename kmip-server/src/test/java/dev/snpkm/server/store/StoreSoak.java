package dev.snpkm.server.store;

import dev.snpkm.server.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.h2.mvstore.MVStoreTool;

/**
 * Full-speed mixed writes on the store for a while, watching the file: Creates, Destroys, attribute edits and nonces
 * (issued, then consumed) from several threads, with the appliance's expired-nonce purge. Every few seconds it prints
 * the file size, H2's live-data estimate and the bound {@code 3 × live + 64 MB}; at the end it closes the store and
 * compacts a copy offline (what the data really takes). From the repository root (classpath as in
 * {@link StoreWritePathBench}):
 * <pre>
 * java -cp "$CP" dev.snpkm.server.store.StoreSoak 1800 8   # seconds, writer threads
 * </pre>
 * Exit status 1 when any sample was over the bound. {@link StoreSizeBoundIT} runs it for 60 s.
 */
public final class StoreSoak {
    static final long SLACK_BYTES = 64L << 20;

    /** One sample of the file against its bound. */
    record Sample(long seconds, long fileBytes, long liveBytes, long writes) {
        long bound() {
            return 3 * liveBytes + SLACK_BYTES;
        }

        boolean withinBound() {
            return fileBytes <= bound();
        }
    }

    /** What a soak saw: its samples, the writes made, and the size of an offline-compacted copy at the end. */
    record Result(List<Sample> samples, long writes, long compactedBytes) {
        boolean withinBound() {
            return samples.stream().allMatch(Sample::withinBound);
        }
    }

    private StoreSoak() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("store-soak-");
        try {
            Result r = run(dir, seconds, threads, Math.max(5, seconds / 30), System.out);
            System.exit(r.withinBound() ? 0 : 1);
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    static Result run(Path dir, int seconds, int threads, int sampleSeconds, java.io.PrintStream out) throws Exception {
        Path file = dir.resolve("soak");
        List<Sample> samples = new ArrayList<>();
        LongAdder writes = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Database db = Database.openH2File(file, Database.poolSizeFor(threads))) {
            JdbcObjectStore store = StoreFixtures.store(db);
            JdbcNonceStore nonces = new JdbcNonceStore(db);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(new Worker(store, nonces, t, stop, writes, failures), "soak-" + t);
                workers.add(w);
                w.start();
            }
            out.printf("| t (s) | file (MB) | live (MB) | bound 3×live+64 (MB) | writes | within |%n");
            out.printf("|---:|---:|---:|---:|---:|---|%n");
            long start = System.nanoTime();
            long lastPurge = start;
            for (long t = sampleSeconds; t <= seconds; t += sampleSeconds) {
                Thread.sleep(Math.max(0, start + TimeUnit.SECONDS.toNanos(t) - System.nanoTime()) / 1_000_000);
                if (System.nanoTime() - lastPurge > TimeUnit.SECONDS.toNanos(10)) {
                    nonces.purgeExpired(Instant.now()); // as ExpiredNoncePurge does in the appliance
                    lastPurge = System.nanoTime();
                }
                Sample s = new Sample(t, db.size().fileBytes(), db.size().liveBytes(), writes.sum());
                samples.add(s);
                out.printf(
                        "| %d | %.1f | %.1f | %.1f | %,d | %s |%n",
                        s.seconds,
                        mb(s.fileBytes),
                        mb(s.liveBytes),
                        mb(s.bound()),
                        s.writes,
                        s.withinBound() ? "yes" : "**NO**");
                if (!failures.isEmpty()) {
                    break;
                }
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a soak write failed", failures.get(0));
        }
        Path compacted = dir.resolve("compacted.mv.db");
        MVStoreTool.compact(file + ".mv.db", compacted.toString(), false);
        long compactedBytes = Files.size(compacted);
        out.printf(
                "%,d writes in %d s with %d threads; closed file %.1f MB, compacted offline %.1f MB%n",
                writes.sum(), seconds, threads, mb(Files.size(Path.of(file + ".mv.db"))), mb(compactedBytes));
        return new Result(samples, writes.sum(), compactedBytes);
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    /** Writes until told to stop: 40 % Creates, 20 % attribute edits, 15 % Destroys, 25 % nonces. */
    private record Worker(
            JdbcObjectStore store,
            JdbcNonceStore nonces,
            int id,
            AtomicBoolean stop,
            LongAdder writes,
            List<Throwable> failures)
            implements Runnable {
        @Override
        public void run() {
            Random random = new Random(id);
            List<String> live = new ArrayList<>();
            long seq = 0;
            try {
                while (!stop.get()) {
                    int dice = random.nextInt(100);
                    String name = "soak-" + id + "-" + seq++;
                    if (dice < 40 || live.isEmpty()) {
                        live.add(store.create(StoreFixtures.aesKey(name, "CN=soak", "v0", StoreFixtures.material(seq)))
                                .uid());
                    } else if (dice < 60) {
                        String uid = live.get(random.nextInt(live.size()));
                        String keptName =
                                store.get(uid).orElseThrow().searchFields().name();
                        store.updateAttributes(
                                uid,
                                new SearchFields(keptName, StoreFixtures.AES, 256, "disks"),
                                StoreFixtures.attributes(keptName, "v" + seq),
                                Set.of());
                    } else if (dice < 75) {
                        store.destroyMaterial(live.remove(random.nextInt(live.size())), StoreFixtures.DESTROYED);
                    } else {
                        // A release's consumed nonce: the only nonce write (issuing one is stateless).
                        ConsumedNonce used = new ConsumedNonce(
                                name,
                                StoreFixtures.material(seq),
                                "CN=vm",
                                "uid-1",
                                Instant.now().plusSeconds(random.nextInt(20)));
                        nonces.decision(() -> nonces.markUsed(used));
                        writes.increment();
                    }
                    writes.increment();
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
    }
}
