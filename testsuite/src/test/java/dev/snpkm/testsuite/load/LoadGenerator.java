package dev.snpkm.testsuite.load;

import dev.snpkm.client.tls.CipherPolicy;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Loopback load generator: our server and Debian's PyKMIP server, Get and Create (and, on request, AES-256-GCM
 * Encrypt of 1 KiB and RSA-2048 PSS Sign of 64 bytes), at 1, 16 and 64 concurrent TLS connections; prints a Markdown
 * table of ops/s, p50 and p99. Not a test: run it by hand (docs/benchmarks/server.md, docs/benchmarks/crypto-ops.md).
 *
 * <p>Arguments (all optional): {@code measureSeconds=5 warmUpSeconds=2 maxOps=200000 servers=snpkm,pykmip
 * connections=1,16,64 ops=Get,Create} (also {@code EncryptGcm1K}, {@code SignRsa2048}). Every cell is bounded by time
 * and by its ops budget. Server {@code snpkm-pg} is ours with the store on a local PostgreSQL server with fsync on
 * (TestPostgres) instead of H2, {@code snpkm-pg2} two such nodes on one database, each cell's connections alternating
 * between them; for both, the note column gives the database's CPU time per measured operation.
 */
public final class LoadGenerator {
    private static final int GET_KEYS = 16;

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path dir = Files.createTempDirectory("snpkm-bench");
        try {
            TestPki pki = TestPki.generate(dir.resolve("pki"));
            ClientTlsConfig tls = ClientTlsConfig.fromPem(
                            pki.caCertificatePem(),
                            pki.client().certificatePem(),
                            pki.client().privateKeyPem())
                    .withCipherPolicy(CipherPolicy.PYKMIP_COMPATIBLE);
            LoadRun run = new LoadRun(tls, o.warmUp(), o.measure(), o.maxOps());
            List<LoadCell> cells = new ArrayList<>();
            for (String server : o.servers()) {
                try (BenchTarget target = start(server, dir.resolve(server), pki)) {
                    cells.addAll(measure(target, run, tls, o.connections(), o.ops()));
                }
            }
            System.out.println();
            System.out.println(LoadCell.markdownHeader());
            cells.forEach(c -> System.out.println(c.markdownRow()));
        } finally {
            deleteTree(dir);
        }
    }

    private static BenchTarget start(String server, Path dir, TestPki pki) throws IOException {
        return switch (server) {
            case "pykmip" -> PyKmipTarget.start(dir, pki);
            case "snpkm" -> SnpkmTarget.start(dir, pki);
            case "snpkm-pg" -> SnpkmTarget.start(dir, pki, 1);
            case "snpkm-pg2" -> SnpkmTarget.start(dir, pki, 2);
            default ->
                throw new IllegalArgumentException(
                        "unknown server '" + server + "' (snpkm, snpkm-pg, snpkm-pg2 or pykmip)");
        };
    }

    private static List<LoadCell> measure(
            BenchTarget target, LoadRun run, ClientTlsConfig tls, List<Integer> connectionCounts, List<String> ops)
            throws Exception {
        // PyKMIP lets only the owner (the certificate CN) Get a key: create them with the same client certificate.
        List<String> keys = createKeys(target, tls);
        List<LoadCell> cells = new ArrayList<>();
        for (String op : ops) {
            IntFunction<Ttlv.Structure> request = switch (op) {
                case "Get" -> {
                    // Built once: the load generator measures the server, not the typed model's request building.
                    List<Ttlv.Structure> gets =
                            keys.stream().map(BenchRequests::get).toList();
                    yield k -> gets.get(k % gets.size());
                }
                case "Create" -> k -> BenchRequests.createAes256();
                case "EncryptGcm1K" -> {
                    Ttlv.Structure encrypt = BenchRequests.encryptGcm(activeKey(target, tls, false), new byte[1024]);
                    yield k -> encrypt;
                }
                case "SignRsa2048" -> {
                    Ttlv.Structure sign = BenchRequests.signPss(activeKey(target, tls, true), new byte[64]);
                    yield k -> sign;
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown operation '" + op + "' (Get, Create, EncryptGcm1K or SignRsa2048)");
            };
            for (int connections : connectionCounts) {
                LoadCell cell = run.run(target, op, connections, request);
                System.err.println(cell.markdownRow());
                cells.add(cell);
            }
        }
        return cells;
    }

    private static List<String> createKeys(BenchTarget target, ClientTlsConfig tls) throws Exception {
        List<String> keys = new ArrayList<>();
        try (KmipTransport t =
                new KmipTransport(new KmipEndpoint("127.0.0.1", target.port()), tls, LoadRun.settings())) {
            for (int i = 0; i < GET_KEYS; i++) {
                var response = t.send(BenchRequests.createAes256());
                if (!BenchRequests.succeeded(response)) {
                    throw new IllegalStateException(target.name() + " refused to create a benchmark key: " + response);
                }
                keys.add(BenchRequests.uniqueIdentifier(response).orElseThrow());
            }
        }
        return keys;
    }

    /** An Active AES-256 key, or the Active private key of an RSA-2048 pair, created by the benchmark's client. */
    private static String activeKey(BenchTarget target, ClientTlsConfig tls, boolean rsa) throws Exception {
        try (KmipTransport t =
                new KmipTransport(new KmipEndpoint("127.0.0.1", target.port()), tls, LoadRun.settings())) {
            var created = t.send(rsa ? BenchRequests.createRsa2048Pair() : BenchRequests.createAes256());
            String uid = (rsa
                            ? BenchRequests.privateKeyUniqueIdentifier(created)
                            : BenchRequests.uniqueIdentifier(created))
                    .orElseThrow(() -> new IllegalStateException(
                            target.name() + " refused to create a benchmark key: " + created));
            var activated = t.send(BenchRequests.activate(uid));
            if (!BenchRequests.succeeded(activated)) {
                throw new IllegalStateException(target.name() + " refused to activate " + uid + ": " + activated);
            }
            return uid;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Command-line options as key=value pairs. */
    record Options(
            Duration measure,
            Duration warmUp,
            long maxOps,
            List<String> servers,
            List<Integer> connections,
            List<String> ops) {
        static Options parse(String[] args) {
            Duration measure = Duration.ofSeconds(5);
            Duration warmUp = Duration.ofSeconds(2);
            long maxOps = 200_000;
            List<String> servers = List.of("snpkm", "pykmip");
            List<Integer> connections = List.of(1, 16, 64);
            List<String> ops = List.of("Get", "Create");
            for (String a : args) {
                String[] kv = a.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("argument '" + a + "' is not key=value");
                }
                switch (kv[0]) {
                    case "measureSeconds" -> measure = Duration.ofSeconds(Long.parseLong(kv[1]));
                    case "warmUpSeconds" -> warmUp = Duration.ofSeconds(Long.parseLong(kv[1]));
                    case "maxOps" -> maxOps = Long.parseLong(kv[1]);
                    case "servers" -> servers = List.of(kv[1].split(","));
                    case "connections" ->
                        connections = Stream.of(kv[1].split(","))
                                .map(Integer::valueOf)
                                .toList();
                    case "ops" -> ops = List.of(kv[1].split(","));
                    default -> throw new IllegalArgumentException("unknown option '" + kv[0] + "'");
                }
            }
            return new Options(measure, warmUp, maxOps, servers, connections, ops);
        }
    }
}
