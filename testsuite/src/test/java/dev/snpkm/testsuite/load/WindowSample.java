package dev.snpkm.testsuite.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one measured window cost, besides its latencies: the CPU time of the load generator's threads (client CPU) and
 * of this JVM's other threads (so our server's, when it runs in this JVM; ~0 for PyKMIP, another process), and the
 * store's durable commits and forced writes (syncs) when the target reports them, and its database server's CPU time
 * when that runs in processes of its own (PostgreSQL). Taken at the window's start and end.
 */
final class WindowSample {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> cpuNanosByThread;
    private final Map<Long, Long> loadCpuNanosByThread;
    private final StoreCounters store;
    private final Optional<Duration> databaseCpu;

    /** A target's store counters; zeros when it has none to report. */
    record StoreCounters(long commits, long syncs) {
        static final StoreCounters NONE = new StoreCounters(0, 0);
    }

    private WindowSample(
            Map<Long, Long> cpuNanosByThread,
            Map<Long, Long> loadCpuNanosByThread,
            StoreCounters store,
            Optional<Duration> databaseCpu) {
        this.cpuNanosByThread = cpuNanosByThread;
        this.loadCpuNanosByThread = loadCpuNanosByThread;
        this.store = store;
        this.databaseCpu = databaseCpu;
    }

    static WindowSample take(BenchTarget target) {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, Long> load = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            long nanos = t == null ? -1 : THREADS.getThreadCpuTime(t.getThreadId());
            if (nanos >= 0) {
                (t.getThreadName().startsWith(LoadRun.THREAD_PREFIX) ? load : cpu).put(t.getThreadId(), nanos);
            }
        }
        return new WindowSample(cpu, load, target.storeCounters(), target.databaseCpu());
    }

    /** "server CPU x ms/op, y commits/op, z syncs/commit" for the ops done between this sample and {@code end}. */
    String costPerOp(WindowSample end, long ops) {
        if (ops <= 0) {
            return "";
        }
        long cpu = spent(cpuNanosByThread, end.cpuNanosByThread);
        long load = spent(loadCpuNanosByThread, end.loadCpuNanosByThread);
        String out = String.format("server CPU %.3f ms/op, client CPU %.3f ms/op", cpu / 1e6 / ops, load / 1e6 / ops);
        long commits = end.store.commits() - store.commits();
        long syncs = end.store.syncs() - store.syncs();
        if (commits > 0) {
            out += String.format(
                    ", %.2f commits/op, %.2f syncs/commit", (double) commits / ops, (double) syncs / commits);
        }
        if (databaseCpu.isPresent() && end.databaseCpu.isPresent()) {
            out += String.format(
                    ", db CPU %.3f ms/op",
                    end.databaseCpu.get().minus(databaseCpu.get()).toNanos() / 1e6 / ops);
        }
        return out;
    }

    private static long spent(Map<Long, Long> start, Map<Long, Long> end) {
        long nanos = 0;
        for (Map.Entry<Long, Long> e : end.entrySet()) {
            nanos += e.getValue() - start.getOrDefault(e.getKey(), 0L);
        }
        return nanos;
    }
}
