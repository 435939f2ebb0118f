package dev.snpkm.server.store;

import dev.snpkm.server.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store write path options compared on object creates (one transaction each, straight on the store, no TLS):
 * {@code unforced} (today's WRITE_DELAY=0: a chunk written per commit, never forced), {@code chunk-per-commit}
 * (WRITE_DELAY=0 plus the group syncer forcing them), {@code group} (the default: write delay, one chunk and one
 * force per group). Prints creates/s, latency percentiles, commits, syncs and the file size. From the repository root:
 * <pre>
 * mvn -q -o -pl kmip-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp "kmip-server/target/test-classes:kmip-server/target/classes:$(cat kmip-server/target/bench.classpath)" \
 *     dev.snpkm.server.store.StoreWritePathBench 10 1,16 unforced,chunk-per-commit,group
 * </pre>
 * Args: seconds per run, thread counts, modes (a mode named twice runs twice: the first warms the JIT).
 */
public final class StoreWritePathBench {
    private StoreWritePathBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Integer> threads = Arrays.stream((args.length > 1 ? args[1] : "1,16").split(","))
                .map(Integer::parseInt)
                .toList();
        List<String> modes = List.of((args.length > 2 ? args[2] : "unforced,chunk-per-commit,group").split(","));
        for (String mode : modes) {
            for (int t : threads) {
                run(mode, t, seconds);
            }
        }
    }

    private static void run(String mode, int threads, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("write-path-");
        Path file = dir.resolve("bench");
        try (Database db = open(mode, file, threads)) {
            JdbcObjectStore store = StoreFixtures.store(db);
            AtomicLong counter = new AtomicLong();
            long cpuStart = processCpuNanos();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<long[]> latencies = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                long[] lat = new long[2_000_000];
                latencies.add(lat);
                Thread th = new Thread(() -> {
                    int n = 0;
                    while (System.nanoTime() < end && n < lat.length) {
                        long i = counter.incrementAndGet();
                        long t0 = System.nanoTime();
                        store.create(StoreFixtures.aesKey("bench-" + i, "CN=bench", "x", StoreFixtures.material(i)));
                        lat[n++] = System.nanoTime() - t0;
                    }
                    lat[lat.length - 1] = n;
                });
                workers.add(th);
                th.start();
            }
            for (Thread th : workers) {
                th.join();
            }
            long cpu = processCpuNanos() - cpuStart;
            long[] all = latencies.stream()
                    .flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1]))
                    .sorted()
                    .toArray();
            long size = Files.size(dir.resolve("bench.mv.db"));
            System.out.printf(
                    "%-17s threads=%2d creates/s=%7.0f p50=%6.2fms p99=%6.2fms commits=%d syncs=%d file=%dMB "
                            + "process-cpu-ms/create=%.3f%n",
                    mode,
                    threads,
                    all.length / (double) seconds,
                    all[all.length / 2] / 1e6,
                    all[(int) (all.length * 0.99)] / 1e6,
                    db.durability().commits(),
                    db.durability().syncs(),
                    size >> 20,
                    cpu / 1e6 / all.length);
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    /** The whole process's CPU time: the writers', the syncer's and, where H2 runs them, its own writer threads'. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Database open(String mode, Path file, int threads) {
        int pool = Database.poolSizeFor(threads);
        return switch (mode) {
            case "unforced" ->
                Database.open("jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "", pool);
            case "chunk-per-commit" -> Database.openH2File(file, pool, 0);
            case "group" -> Database.openH2File(file, pool);
            default -> throw new IllegalArgumentException("mode " + mode);
        };
    }
}
