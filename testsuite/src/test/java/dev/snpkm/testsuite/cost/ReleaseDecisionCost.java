package dev.snpkm.testsuite.cost;

import com.sun.management.OperatingSystemMXBean;
import dev.snpkm.server.audit.ReleaseAuditEntry;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.store.ConsumedNonce;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.store.JdbcNonceStore;
import dev.snpkm.server.testing.TempDirs;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.ReportDecoder;
import dev.snpkm.sev.testing.SnpReportBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * What the durable part of one attested release costs in CPU, apart from everything else a release does: the gate's
 * decision as the server runs it (the nonce's consumption and the release's audit record, one transaction, one
 * durable commit on an H2 file, {@code JdbcNonceStore.decision}; the record carries a report's facts as a release's
 * does), one after another on one thread, so that no two
 * commits share a round. Beside it, only the nonce's row and only the audit record; a bare H2 MVStore (no SQL, no
 * index: a nonce map and an audit map, each entry the size of a row, {@code commit} and {@code sync} per operation, and
 * the same compaction as the server's store), which is what a second, SQL-free H2 store for release records would
 * cost at best; and, for scale, a plain {@code write} + {@code fsync} of 1 KiB and of 40 KiB (the H2 chunk a release
 * writes, as AttestedReleaseThroughput prints it) to a file in the same directory.
 *
 * <p>Prints per operation the calling thread's CPU, the whole process's CPU (H2's store threads, the syncer, the
 * kernel's share of the file writes, and the JIT and GC: read the last passes; the file system's journal thread is not
 * the process's) and wall time, for each pass; below each pass, the Java threads that took at least 2 µs per
 * operation, by name (H2's {@code H2-serialization} and {@code H2-save} threads, the server's
 * {@code snpkm-store-syncer}, {@code main}; the JIT's and GC's threads are not Java threads and show only in the
 * process's figure). Args: operations per pass (default 10,000), passes (default 5; the first ones warm the JIT).
 * From the repository root:
 * <pre>
 * mvn -q -o -pl testsuite -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp "testsuite/target/test-classes:$(cat testsuite/target/bench.classpath)" \
 *     dev.snpkm.testsuite.cost.ReleaseDecisionCost 20000 5
 * </pre>
 */
public final class ReleaseDecisionCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** A consumed nonce's row and a release's audit record, roughly, as bytes (the rows the decision writes). */
    private static final int NONCE_ROW_BYTES = 150;

    private static final int AUDIT_ROW_BYTES = 700;
    /** The server's store compaction (H2Compaction): fill target, bytes and interval per pass. */
    private static final int COMPACT_FILL_PERCENT = 60;

    private static final int COMPACT_REWRITE_BYTES = 2 * 1024 * 1024;
    private static final long COMPACT_INTERVAL_NANOS = 50_000_000L;
    private static final int RETENTION_MILLIS = 200;

    private ReleaseDecisionCost() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("release-decision-cost-");
        ClientIdentity client = new ClientIdentity("CN=vm-00001,O=Example", Optional.of("vm-00001"), "ab".repeat(32));
        SecureRandom random = new SecureRandom();
        AttestationReport report = ReportDecoder.decode(new SnpReportBuilder().build());
        try {
            try (Database db = Database.openH2File(dir.resolve("store"))) {
                JdbcNonceStore nonces = new JdbcNonceStore(db);
                ReleaseAuditor auditor = new ReleaseAuditor(new JdbcAuditLog(db, Clock.systemUTC()));
                measure(
                        passes,
                        "decision (nonce + audit record)",
                        n,
                        i -> nonces.decision(() -> {
                            nonces.markUsed(nonce(random, client));
                            return auditor.record(released(client, report));
                        }));
                measure(
                        passes,
                        "nonce row only",
                        n,
                        i -> nonces.decision(() -> nonces.markUsed(nonce(random, client))));
                measure(
                        passes,
                        "audit record only",
                        n,
                        i -> nonces.decision(() -> auditor.record(released(client, report))));
            }
            bareStore(dir.resolve("bare.mv"), passes, n, random);
            for (int size : new int[] {1024, 40 * 1024}) {
                try (RandomAccessFile file =
                        new RandomAccessFile(dir.resolve("raw-" + size).toFile(), "rw")) {
                    byte[] bytes = new byte[size];
                    measure(passes, "write + fsync " + size / 1024 + " KiB", n, i -> {
                        try {
                            if (i == 0) {
                                file.setLength(0); // each pass appends to an empty file, as a journal segment would
                            }
                            file.write(bytes);
                            file.getFD().sync();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    /**
     * The nonce's and the audit record's bytes into two maps of a store of their own, made durable one at a time as the
     * server's syncer does (commit, sync, compaction between rounds).
     */
    private static void bareStore(Path file, int passes, int n, SecureRandom random) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .autoCompactFillRate(0)
                .open();
        try {
            store.setRetentionTime(RETENTION_MILLIS);
            MVMap<String, byte[]> nonces = store.openMap("nonce");
            MVMap<Long, byte[]> audit = store.openMap("audit");
            AtomicLong seq = new AtomicLong();
            AtomicLong lastCompaction = new AtomicLong(System.nanoTime());
            measure(passes, "bare MVStore (two maps, no SQL)", n, i -> {
                byte[] id = new byte[24];
                random.nextBytes(id);
                nonces.put(HexFormat.of().formatHex(id), new byte[NONCE_ROW_BYTES]);
                audit.put(seq.incrementAndGet(), new byte[AUDIT_ROW_BYTES]);
                store.commit();
                store.sync();
                long now = System.nanoTime();
                if (now - lastCompaction.get() >= COMPACT_INTERVAL_NANOS) {
                    lastCompaction.set(now);
                    store.compact(COMPACT_FILL_PERCENT, COMPACT_REWRITE_BYTES);
                }
            });
        } finally {
            store.close();
        }
    }

    private static void measure(int passes, String what, int n, IntConsumer op) {
        for (int pass = 1; pass <= passes; pass++) {
            Map<String, Long> threadsBefore = cpuByThreadName();
            long thread = THREADS.getCurrentThreadCpuTime();
            long process = OS.getProcessCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < n; i++) {
                op.accept(i);
            }
            System.out.printf(
                    "%-34s pass %d: thread-cpu-us/op=%.1f process-cpu-us/op=%.1f wall-us/op=%.1f%n",
                    what,
                    pass,
                    (THREADS.getCurrentThreadCpuTime() - thread) / 1e3 / n,
                    (OS.getProcessCpuTime() - process) / 1e3 / n,
                    (System.nanoTime() - wall) / 1e3 / n);
            cpuByThreadName().forEach((name, cpu) -> {
                double perOp = (cpu - threadsBefore.getOrDefault(name, 0L)) / 1e3 / n;
                if (perOp >= 2) {
                    System.out.printf("    thread %-30s cpu-us/op=%.1f%n", name, perOp);
                }
            });
        }
    }

    /** CPU time of the live Java threads, summed by name without a trailing number (pool threads as one). */
    private static Map<String, Long> cpuByThreadName() {
        Map<String, Long> byName = new TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    byName.merge(info.getThreadName().replaceAll("[0-9]+$", "#"), cpu, Long::sum);
                }
            }
        }
        return byName;
    }

    private static ConsumedNonce nonce(SecureRandom random, ClientIdentity client) {
        byte[] id = new byte[24];
        random.nextBytes(id);
        byte[] valueHash = new byte[32];
        random.nextBytes(valueHash);
        return new ConsumedNonce(
                HexFormat.of().formatHex(id),
                valueHash,
                client.sha256Fingerprint(),
                "object-1",
                Instant.now().plusSeconds(60));
    }

    /** A release's record as the gate writes it: the report's measurement, chip, TCB (the row's full size). */
    private static ReleaseAuditEntry released(ClientIdentity client, AttestationReport report) {
        return new ReleaseAuditEntry(
                client,
                "Get",
                "object-1",
                "production",
                "released",
                "NONE",
                Optional.of(report),
                Optional.of(ProductLine.GENOA),
                "released wrapped to the bound key");
    }
}
