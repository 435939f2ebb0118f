package dev.snpkm.testsuite.load;

import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Drives one cell: N connections (each its own {@link KmipTransport}, i.e. one TLS connection), each sending one
 * request at a time, first for a warm-up, then for the measured duration or until the ops budget is spent.
 */
final class LoadRun {
    /** Connections are opened this far apart: PyKMIP listens with a backlog of 5 and a thread per connection. */
    private static final Duration CONNECT_STAGGER = Duration.ofMillis(25);

    private static final Duration GRACE = Duration.ofSeconds(20);

    /** The load threads' names start so; {@link WindowSample} leaves their CPU time out. */
    static final String THREAD_PREFIX = "load-";

    /** What one connection measured. */
    private record ConnectionResult(long[] latenciesNanos, long lastFinishNanos) {}

    private final ClientTlsConfig tls;
    private final Duration warmUp;
    private final Duration measure;
    private final long maxOps;

    LoadRun(ClientTlsConfig tls, Duration warmUp, Duration measure, long maxOps) {
        this.tls = tls;
        this.warmUp = warmUp;
        this.measure = measure;
        this.maxOps = maxOps;
    }

    static TransportSettings settings() {
        return TransportSettings.defaults()
                .withConnectTimeout(Duration.ofSeconds(5))
                .withReadTimeout(Duration.ofSeconds(15))
                .withRetries(5, Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    /**
     * @param request the request for the k-th operation of a connection (so Gets can rotate over keys)
     */
    LoadCell run(BenchTarget target, String operation, int connections, IntFunction<Ttlv.Structure> request)
            throws InterruptedException {
        List<KmipTransport> transports = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            transports.add(new KmipTransport(new KmipEndpoint("127.0.0.1", target.port(i)), tls, settings()));
        }
        AtomicLong budget = new AtomicLong(maxOps);
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + target.name());
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos() + CONNECT_STAGGER.toNanos() * connections;
        long until = measureFrom + measure.toNanos();
        List<Future<ConnectionResult>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            KmipTransport transport = transports.get(i);
            long delay = CONNECT_STAGGER.toNanos() * i;
            results.add(
                    pool.submit(() -> drive(transport, start + delay, measureFrom, until, request, budget, errors)));
        }
        sleepUntil(measureFrom);
        WindowSample first = WindowSample.take(target);
        sleepUntil(until);
        WindowSample last = WindowSample.take(target);
        pool.shutdown(); // not earlier: a load thread that ended before the last sample would drop out of its CPU sum
        boolean finished = pool.awaitTermination(until - System.nanoTime() + GRACE.toNanos(), TimeUnit.NANOSECONDS);
        transports.forEach(KmipTransport::close); // unblocks any read still waiting
        pool.shutdownNow();
        long end = Math.min(System.nanoTime(), until);
        List<ConnectionResult> done = new ArrayList<>();
        for (Future<ConnectionResult> f : results) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    done.add(f.get());
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }
        }
        long[] all = done.stream()
                .flatMapToLong(d -> java.util.Arrays.stream(d.latenciesNanos()))
                .toArray();
        String note = !finished
                ? "stopped: connections still busy after the grace period"
                : budget.get() <= 0 ? "stopped at the ops budget of " + maxOps : first.costPerOp(last, all.length);
        double seconds = (Math.max(end, measureFrom) - measureFrom) / 1e9;
        if (budget.get() <= 0) {
            seconds = (done.stream()
                                    .mapToLong(ConnectionResult::lastFinishNanos)
                                    .max()
                                    .orElse(measureFrom)
                            - measureFrom)
                    / 1e9;
        }
        return new LoadCell(target.name(), operation, connections, seconds, all, errors.get(), note);
    }

    /** One connection's loop; returns the measured latencies (warm-up ones are not kept). */
    private static ConnectionResult drive(
            KmipTransport transport,
            long startAt,
            long measureFrom,
            long until,
            IntFunction<Ttlv.Structure> request,
            AtomicLong budget,
            AtomicLong errors) {
        sleepUntil(startAt);
        long[] latencies = new long[1024];
        int n = 0;
        int k = 0;
        long lastFinish = 0;
        while (true) {
            long t0 = System.nanoTime();
            if (t0 >= until) {
                break;
            }
            boolean measured = t0 >= measureFrom;
            if (measured && budget.getAndDecrement() <= 0) {
                break;
            }
            boolean ok;
            try {
                ok = BenchRequests.succeeded(transport.send(request.apply(k++)));
            } catch (KmipTransportException | IllegalStateException e) {
                ok = false;
            }
            long t1 = System.nanoTime();
            if (!measured) {
                continue;
            }
            if (!ok) {
                errors.incrementAndGet();
                continue;
            }
            if (n == latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = t1 - t0;
            lastFinish = t1;
        }
        return new ConnectionResult(java.util.Arrays.copyOf(latencies, n), lastFinish);
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
