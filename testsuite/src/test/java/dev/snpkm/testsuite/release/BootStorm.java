package dev.snpkm.testsuite.release;

import dev.snpkm.client.BatchResult;
import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipBatch;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.sev.testing.TestVek;
import dev.snpkm.testsuite.e2e.SimulatedSnpGuest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * A data centre's morning boot against one key server: N simulated SEV-SNP VMs, each with its own client certificate
 * and its own attestation-bound DEK granted to it, unlock at once, {@code concurrency} at a time. Every unlock opens a
 * fresh TLS connection with a fresh client SSLContext (full handshake, nothing to resume) and runs the whole
 * {@link AttestedKeyFetcher#fetchAttested} flow (round 1, a report signed by the simulated PSP, round 2 with an ECDH
 * P-384 ephemeral key, unwrap) and checks the DEK. The server ({@link BootStormServer}) runs in a JVM of its own;
 * its CPU time is read from /proc. Between a warm-up and the storm, a run of handshake-only connections measures the
 * server's CPU per full TLS handshake. Not a surefire test; docs/BENCHMARKS.md "Boot storm".
 *
 * <p>Arguments: VMs (10000), concurrency (200), handshake-only connections (500), warm-up VMs unlocked before the
 * measured storm, not counted (200: the server's JIT).
 */
public final class BootStorm {
    private static final byte[] GOOD = new byte[48];
    private static final TransportSettings TRANSPORT = TransportSettings.defaults()
            .withConnectTimeout(Duration.ofSeconds(30)).withReadTimeout(Duration.ofSeconds(60));

    static {
        Arrays.fill(GOOD, (byte) 0x5C);
    }

    private BootStorm() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int handshakes = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path dir = Files.createTempDirectory("boot-storm");
        long t0 = System.nanoTime();
        TestPki pki = TestPki.generate(dir);
        TestPki.Credential admin = pki.issueClient("admin", "storm-admin");
        List<TestPki.Credential> vms = new ArrayList<>(count + warmup);
        for (int i = 0; i < count + warmup; i++) {
            vms.add(pki.issueClient("vm-" + i, "vm-" + i));
        }
        Files.writeString(dir.resolve("policies.yaml"), "policies:\n  storm:\n    measurements: [\""
                + HexFormat.of().formatHex(GOOD) + "\"]\n    allow-unwrapped-release: false\n");
        System.out.printf("pki: %d client certificates in %.1f s%n", vms.size() + 1, seconds(t0));

        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BootStormServer.class.getName(), dir.toString(),
                admin.certificate().getSubjectX500Principal().getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            int port = awaitPort(server);
            t0 = System.nanoTime();
            String[] uids = new String[vms.size()];
            byte[][] deks = provision(pki, admin, port, vms, uids);
            System.out.printf("provisioned %d bound, granted DEKs in %.1f s%n", vms.size(), seconds(t0));

            SimulatedSnpGuest psp = SimulatedSnpGuest.withVcek(GOOD, TestVek.load(dir.resolve("vek")));
            int w = vms.size() - warmup;
            storm("warm-up", pki, vms.subList(w, vms.size()), Arrays.copyOfRange(uids, w, vms.size()),
                    Arrays.copyOfRange(deks, w, vms.size()), port, Math.min(concurrency, 50), server, Double.NaN,
                    psp);
            // After the warm-up, so the server's JIT compilation is not charged to the handshakes.
            long cpu = cpuMillis(server);
            for (int i = 0; i < handshakes; i++) {
                handshakeOnly(pki, vms.get(i % count), port);
            }
            double handshakeCpuMs = (double) (cpuMillis(server) - cpu) / handshakes;
            storm("boot storm", pki, vms.subList(0, w), uids, deks, port, concurrency, server, handshakeCpuMs, psp);
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
    }

    private static void storm(String phase, TestPki pki, List<TestPki.Credential> vms, String[] uids, byte[][] deks, int port,
            int concurrency, Process server, double handshakeCpuMs, SimulatedSnpGuest psp) throws Exception {
        int count = vms.size();
        long[] latency = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        long cpu = cpuMillis(server);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int t = 0; t < concurrency; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    try {
                        unlock(pki, vms.get(i), uids[i], deks[i], port, psp);
                    } catch (Exception | AssertionError e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, "vm-" + i + ": " + e);
                    }
                    latency[i] = System.nanoTime() - s;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double wall = seconds(start);
        long serverCpuMs = cpuMillis(server) - cpu;
        Arrays.sort(latency);
        System.out.printf("%s: vms=%d concurrency=%d failures=%d wall=%.1f s releases/s=%.1f "
                + "p50=%.0f ms p99=%.0f ms max=%.0f ms server-cpu-ms/release=%.2f "
                + "tls-handshake-server-cpu-ms/connection=%.2f (loadavg before: %s)%n", phase, count, concurrency,
                failures.get(), wall, count / wall, ms(latency[count / 2]), ms(latency[(int) (count * 0.99)]),
                ms(latency[count - 1]), (double) serverCpuMs / count, handshakeCpuMs, load);
        if (firstFailure.get() != null) {
            System.out.println("first failure: " + firstFailure.get());
        }
    }

    /** One VM's boot: its own certificate, a fresh TLS connection, the two-round attested release. */
    private static void unlock(TestPki pki, TestPki.Credential vm, String uid, byte[] dek, int port,
            SimulatedSnpGuest psp) throws Exception {
        ClientTlsConfig tls = ClientTlsConfig.fromPem(pki.caCertificatePem(), vm.certificatePem(), vm.privateKeyPem());
        try (KmipClient client = new KmipClient(new KmipTransport(new KmipEndpoint("127.0.0.1", port), tls,
                TRANSPORT), KmipClient.Options.fixed(KmipVersion.V2_1))) {
            Secret released = new AttestedKeyFetcher(client, psp).fetchAttested(uid);
            try {
                if (!Arrays.equals(released.toByteArray(), dek)) {
                    throw new AssertionError("released key differs from the registered DEK");
                }
            } finally {
                released.destroy();
            }
        }
    }

    /** The administrator registers each VM's DEK, bound to the policy and granted to the VM's certificate. */
    private static byte[][] provision(TestPki pki, TestPki.Credential admin, int port, List<TestPki.Credential> vms,
            String[] uids) throws Exception {
        byte[][] deks = new byte[vms.size()][32];
        SecureRandom random = new SecureRandom();
        ClientTlsConfig tls = ClientTlsConfig.fromPem(pki.caCertificatePem(), admin.certificatePem(),
                admin.privateKeyPem());
        try (KmipClient client = new KmipClient(new KmipTransport(new KmipEndpoint("127.0.0.1", port), tls,
                TRANSPORT), KmipClient.Options.fixed(KmipVersion.V2_1))) {
            for (int from = 0; from < vms.size(); from += 100) {
                int to = Math.min(vms.size(), from + 100);
                KmipBatch batch = client.batch();
                for (int i = from; i < to; i++) {
                    random.nextBytes(deks[i]);
                    batch.register(new ManagedObject.SymmetricKey(KeyBlock.raw(deks[i], CryptographicAlgorithm.AES,
                            256)), Attributes.of(KeyAttributes.custom("x-attestation-policy", "storm"),
                            KeyAttributes.custom("x-authorized-client",
                                    vms.get(i).certificate().getSubjectX500Principal().getName())));
                }
                BatchResult r = batch.execute().requireSuccess();
                for (int i = from; i < to; i++) {
                    uids[i] = r.payload(i - from, Register.Response.class).uniqueIdentifier();
                }
            }
        }
        return deks;
    }

    /** A full TLS handshake with a fresh client context, then close: what a connection costs before any request. */
    private static void handshakeOnly(TestPki pki, TestPki.Credential vm, int port) throws Exception {
        ClientTlsConfig tls = ClientTlsConfig.fromPem(pki.caCertificatePem(), vm.certificatePem(), vm.privateKeyPem());
        try (SSLSocket s = tls.wrap(new Socket("127.0.0.1", port), "127.0.0.1", port)) {
            s.startHandshake();
        }
    }

    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).strip());
            }
        }
        throw new IllegalStateException("the boot storm server exited before it was ready");
    }

    /** The process's user + system CPU time from /proc/pid/stat (clock ticks of 10 ms: CLK_TCK = 100 on Linux). */
    private static long cpuMillis(Process p) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    private static double seconds(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1e9;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
