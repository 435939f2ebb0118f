package dev.snpkm.testsuite.load;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.testing.HttpBody;
import dev.snpkm.server.testing.HttpsTestClient;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.transport.HttpsSettings;
import dev.snpkm.server.transport.ServerSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Get of an AES-256 key over TTLV on TLS against KMIP over HTTPS with TTLV, JSON and XML bodies, on one server (the
 * appliance wiring with {@link HttpsSettings#on()}, production transport settings, 127.0.0.1), at 1 and 16 kept-alive
 * connections each sending one request at a time; prints ops/s, p50 and p99. Not a test: run it by hand
 * (docs/benchmarks/https.md). Arguments (optional): {@code measureSeconds=5 warmUpSeconds=2 connections=1,16}.
 */
public final class HttpsGetBench {
    private static final int KEYS = 16;

    /** One client connection of a transport under test. */
    @FunctionalInterface
    private interface Connection extends AutoCloseable {
        Ttlv.Structure get(Ttlv.Structure request) throws IOException;

        @Override
        default void close() throws IOException {}
    }

    /** Opens a connection of one transport. */
    @FunctionalInterface
    private interface Transport {
        Connection open() throws IOException;
    }

    private HttpsGetBench() {}

    public static void main(String[] args) throws Exception {
        long measureSeconds = 5;
        long warmUpSeconds = 2;
        List<Integer> connectionCounts = List.of(1, 16);
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "measureSeconds" -> measureSeconds = Long.parseLong(kv[1]);
                case "warmUpSeconds" -> warmUpSeconds = Long.parseLong(kv[1]);
                case "connections" ->
                    connectionCounts = Arrays.stream(kv[1].split(","))
                            .map(Integer::valueOf)
                            .toList();
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        Path dir = Files.createTempDirectory("snpkm-https-bench");
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        SSLContext tls = pki.clientContext(pki.client());
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        ServerSettings settings = ServerSettings.defaults(TestServerSettings.tls(pki))
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withHttps(HttpsSettings.on());
        List<LoadCell> cells = new ArrayList<>();
        try (RunningKmipServer server = KmipServerBuilder.serving(settings, new SoftwareMasterKey(1, kek))
                .h2File(dir.resolve("store"))
                .start()) {
            int port = server.port();
            List<Ttlv.Structure> gets = new ArrayList<>();
            try (KmipTestConnection c = KmipTestConnection.open(tls, port)) {
                for (int i = 0; i < KEYS; i++) {
                    Ttlv.Structure created = (Ttlv.Structure) c.roundTrip(BenchRequests.createAes256());
                    gets.add(BenchRequests.get(
                            BenchRequests.uniqueIdentifier(created).orElseThrow()));
                }
            }
            List<String> names = List.of("TTLV over TLS", "HTTPS TTLV", "HTTPS JSON", "HTTPS XML");
            List<Transport> transports = List.of(
                    () -> {
                        KmipTestConnection c = KmipTestConnection.open(tls, port);
                        return new Connection() {
                            @Override
                            public Ttlv.Structure get(Ttlv.Structure request) throws IOException {
                                return (Ttlv.Structure) c.roundTrip(request);
                            }

                            @Override
                            public void close() throws IOException {
                                c.close();
                            }
                        };
                    },
                    https(tls, port, HttpBody.TTLV),
                    https(tls, port, HttpBody.JSON),
                    https(tls, port, HttpBody.XML));
            for (int t = 0; t < transports.size(); t++) {
                for (int connections : connectionCounts) {
                    LoadCell cell = run(
                            names.get(t),
                            transports.get(t),
                            connections,
                            gets,
                            Duration.ofSeconds(warmUpSeconds),
                            Duration.ofSeconds(measureSeconds));
                    System.err.println(cell.markdownRow());
                    cells.add(cell);
                }
            }
        }
        System.out.println();
        System.out.println(LoadCell.markdownHeader());
        cells.forEach(c -> System.out.println(c.markdownRow()));
    }

    private static Transport https(SSLContext tls, int port, HttpBody body) {
        return () -> {
            HttpsTestClient c = HttpsTestClient.open(tls, port);
            return new Connection() {
                @Override
                public Ttlv.Structure get(Ttlv.Structure request) throws IOException {
                    HttpsTestClient.Response r = c.post(body.contentType(), body.encode(request, KmipVersion.V1_2));
                    return (Ttlv.Structure) body.decode(r.body());
                }

                @Override
                public void close() throws IOException {
                    c.close();
                }
            };
        };
    }

    /** N connections, each one Get at a time: a warm-up, then the measured window. */
    private static LoadCell run(
            String name,
            Transport transport,
            int connections,
            List<Ttlv.Structure> gets,
            Duration warmUp,
            Duration measure)
            throws Exception {
        AtomicLong errors = new AtomicLong();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long until = measureFrom + measure.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            results.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                try (Connection c = transport.open()) {
                    for (int k = 0; ; k++) {
                        long t0 = System.nanoTime();
                        if (t0 >= until) {
                            break;
                        }
                        boolean ok = BenchRequests.succeeded(c.get(gets.get(k % gets.size())));
                        long t1 = System.nanoTime();
                        if (t0 < measureFrom) {
                            continue;
                        }
                        if (!ok) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = t1 - t0;
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        pool.shutdown();
        List<long[]> done = new ArrayList<>();
        for (Future<long[]> f : results) {
            done.add(f.get());
        }
        long[] all = done.stream().flatMapToLong(Arrays::stream).toArray();
        return new LoadCell(name, "Get", connections, measure.toNanos() / 1e9, all, errors.get(), "");
    }
}
