package dev.snpkm.testsuite.release;

import dev.snpkm.client.BatchResult;
import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipBatch;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.attestation.ReleaseWrapping;
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
import dev.snpkm.server.testing.TempDirs;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.tls.BouncyCastleEcdsa;
import dev.snpkm.sev.testing.TestVek;
import dev.snpkm.testsuite.e2e.SimulatedSnpGuest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.conscrypt.Conscrypt;

/**
 * A data centre's morning boot against one key server: N simulated SEV-SNP VMs, each with its own client certificate
 * and its own attestation-bound DEK granted to it, unlock at once, {@code concurrency} at a time. Every unlock opens a
 * fresh TLS connection with a fresh client SSLContext (full handshake, nothing to resume) and runs the whole
 * {@link AttestedKeyFetcher#fetchAttested} flow (round 1, a report signed by the simulated PSP, round 2 with a fresh
 * ephemeral wrapping key of the fetcher's default scheme unless {@code storm.wrapping} says otherwise, unwrap) and
 * checks the DEK. The server ({@link BootStormServer}) runs in a JVM of its own; its CPU time is read from /proc
 * (and, printed as "jit", that of its JIT compiler threads). Between a warm-up and the storm, a run of handshake-only
 * connections measures the server's CPU per full TLS handshake. Not a surefire test; docs/BENCHMARKS.md "Boot storm".
 *
 * <p>Each VM connects from its own source address ({@code distinct}, the default: 127.1.0.1, 127.1.0.2, ..., all of
 * 127.0.0.0/8 is loopback on Linux), as a data centre's VMs do; the server's per-source limits (20 handshakes, 100
 * connections per address) are the shipped ones. {@code one} sends the whole storm from 127.0.0.1, which those limits
 * refuse in part, to show their effect. Failures are printed by reason, with the server's transport counters.
 *
 * <p>Arguments: VMs (10000), concurrency (200), handshake-only connections (500), warm-up VMs unlocked before the
 * measured storm, not counted (200: the server's JIT), source addresses ({@code distinct} or {@code one}). The
 * server JVM starts with the appliance's shipped options ({@link #SHIPPED_SERVER_JVM_OPTIONS}); the system property
 * {@code storm.serverJvmArgs} (space-separated) adds to them, e.g. a JFR recording.
 * {@code storm.vmTls}: the simulated VMs' TLS, {@code conscrypt} (default: BoringSSL through Conscrypt, the cheapest
 * client handshake on the cores the driver shares with the server; a real VM spends its own CPU) or {@code jdk}.
 * {@code storm.wrapping}: the release wrapping the VMs ask for ({@link ReleaseWrapping#settingName()}; the fetcher's
 * default unless set). {@code storm.driverWarmup}: unlocks that warm the driver's JIT against a first server, stopped
 * and forgotten before the measured server starts (0 unless set): a cold server without a cold driver.
 */
public final class BootStorm {
    private static final byte[] GOOD = new byte[48];
    private static final TransportSettings TRANSPORT = TransportSettings.defaults()
            .withConnectTimeout(Duration.ofSeconds(30))
            .withReadTimeout(Duration.ofSeconds(60));

    static {
        Arrays.fill(GOOD, (byte) 0x5C);
    }

    /**
     * The server JVM's options as the Dockerfile and the systemd unit start the appliance (512 MiB heap among them):
     * the benchmark's server runs as shipped unless {@code storm.serverJvmArgs} adds to them (later options win).
     */
    static final List<String> SHIPPED_SERVER_JVM_OPTIONS =
            List.of("-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError");

    private static final ReleaseWrapping WRAPPING =
            ReleaseWrapping.ofSettingName(System.getProperty("storm.wrapping", ReleaseWrapping.DEFAULT.settingName()));

    private BootStorm() {}

    /**
     * What to run: VMs, VMs at a time, handshake-only connections, warm-up VMs, distinct source addresses, the
     * server JVM's extra options, the server's extra arguments ({@link BootStormServer}), and the unlocks that warm
     * the driver against a first server before the measured one starts (0: none).
     */
    record Plan(
            int vms,
            int concurrency,
            int handshakes,
            int warmup,
            boolean distinctSources,
            List<String> serverJvmArgs,
            List<String> serverArgs,
            int driverWarmup) {}

    /** One phase's outcome: failures by reason (the client's view) and the server's transport counters over it. */
    record Outcome(int vms, int failures, Map<String, Integer> failuresByReason, Map<String, Long> serverCounters) {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int handshakes = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        boolean distinct = args.length <= 4
                || switch (args[4]) {
                    case "distinct" -> true;
                    case "one" -> false;
                    default -> throw new IllegalArgumentException("source addresses: distinct or one, not " + args[4]);
                };
        String extra = System.getProperty("storm.serverJvmArgs", "").strip();
        // The simulated VMs' own EC work (TLS signatures, the wrapping key and its ECDH) with Bouncy Castle: cheaper
        // on the cores the driver shares with the server. Only in this JVM; the server's runs in its own.
        SimulatedVmCrypto.install();
        String vmTls = System.getProperty("storm.vmTls", "conscrypt");
        switch (vmTls) {
            case "conscrypt" -> // after SimulatedVmCrypto: Conscrypt serves SSLContext "TLS", the EC stays BC's
                Security.insertProviderAt(Conscrypt.newProvider(), 2);
            case "jdk" -> {}
            default -> throw new IllegalArgumentException("storm.vmTls: conscrypt or jdk, not " + vmTls);
        }
        System.out.printf(
                "simulated VMs' TLS: %s, release wrapping: %s%n",
                SSLContext.getInstance("TLS").getProvider().getName(), WRAPPING.settingName());
        run(new Plan(
                count,
                concurrency,
                handshakes,
                warmup,
                distinct,
                serverJvmArgs(extra),
                List.of(),
                Integer.getInteger("storm.driverWarmup", 0)));
    }

    /** The shipped options, then the extra ones (space-separated). */
    static List<String> serverJvmArgs(String extra) {
        List<String> args = new ArrayList<>(SHIPPED_SERVER_JVM_OPTIONS);
        if (!extra.isBlank()) {
            args.addAll(List.of(extra.strip().split(" +")));
        }
        return args;
    }

    /** Runs the plan against a fresh server in a JVM of its own; returns the measured storm's outcome. */
    static Outcome run(Plan plan) throws Exception {
        int count = plan.vms();
        int concurrency = plan.concurrency();
        int handshakes = plan.handshakes();
        int warmup = plan.warmup();
        // The simulated VMs sign and verify their handshakes' ECDSA with the server's provider: the driver shares the
        // machine's cores with the server, and SunEC's P-256 would make it take ~2 ms more of them per VM.
        BouncyCastleEcdsa.install();
        System.out.printf(
                "uptime: %s | sources: %s%n",
                uptime(), plan.distinctSources() ? "one per VM (127.1.0.1, ...)" : "all VMs from 127.0.0.1");
        Path dir = Files.createTempDirectory("boot-storm");
        long t0 = System.nanoTime();
        TestPki pki = TestPki.generate(dir);
        TestPki.Credential admin = pki.issueClient("admin", "storm-admin");
        List<TestPki.Credential> vms = new ArrayList<>(count + warmup);
        for (int i = 0; i < count + warmup; i++) {
            vms.add(pki.issueClient("vm-" + i, "vm-" + i));
        }
        Files.writeString(
                dir.resolve("policies.yaml"),
                "policies:\n  storm:\n    measurements: [\"" + HexFormat.of().formatHex(GOOD)
                        + "\"]\n    allow-unwrapped-release: false\n");
        System.out.printf("pki: %d client certificates in %.1f s%n", vms.size() + 1, seconds(t0));

        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(plan.serverJvmArgs());
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BootStormServer.class.getName(),
                dir.toString(),
                admin.certificate().getSubjectX500Principal().getName()));
        command.addAll(plan.serverArgs());
        Sources sources = new Sources(plan.distinctSources());
        if (plan.driverWarmup() > 0) {
            // The simulated VMs stand for thousands of guests, each on CPUs of its own; their JIT is warmed against a
            // first server, then that server is stopped and its store and VCEK deleted, so the measured server starts
            // cold while the driver no longer charges its own compilation to the cores the server shares.
            try (StormServer first = StormServer.start(command, dir)) {
                String[] uids = new String[vms.size()];
                byte[][] deks = provision(pki, admin, first.port(), vms, uids);
                SimulatedSnpGuest psp = SimulatedSnpGuest.withVcek(GOOD, TestVek.load(dir.resolve("vek")));
                for (int done = 0; done < plan.driverWarmup(); ) {
                    int n = Math.min(plan.driverWarmup() - done, count);
                    storm(
                            "driver warm-up (first server, stopped after it)",
                            pki,
                            vms.subList(0, n),
                            uids,
                            deks,
                            first.port(),
                            Math.min(concurrency, 50),
                            first.console(),
                            Double.NaN,
                            psp,
                            sources,
                            0);
                    done += n;
                }
            }
            StormServer.forget(dir);
        }
        try (StormServer server = StormServer.start(command, dir)) {
            int port = server.port();
            ServerConsole console = server.console();
            System.out.println("server pid " + console.process().pid());
            t0 = System.nanoTime();
            String[] uids = new String[vms.size()];
            byte[][] deks = provision(pki, admin, port, vms, uids);
            System.out.printf("provisioned %d bound, granted DEKs in %.1f s%n", vms.size(), seconds(t0));

            SimulatedSnpGuest psp = SimulatedSnpGuest.withVcek(GOOD, TestVek.load(dir.resolve("vek")));
            int w = vms.size() - warmup;
            if (warmup > 0) {
                storm(
                        "warm-up",
                        pki,
                        vms.subList(w, vms.size()),
                        Arrays.copyOfRange(uids, w, vms.size()),
                        Arrays.copyOfRange(deks, w, vms.size()),
                        port,
                        Math.min(concurrency, 50),
                        console,
                        Double.NaN,
                        psp,
                        sources,
                        w);
            }
            // After the warm-up, so the server's JIT compilation is not charged to the handshakes.
            long cpu = cpuMillis(console.process());
            for (int i = 0; i < handshakes; i++) {
                handshakeOnly(pki, vms.get(i % count), port, sources.of(i % count));
            }
            double handshakeCpuMs =
                    handshakes == 0 ? Double.NaN : (double) (cpuMillis(console.process()) - cpu) / handshakes;
            return storm(
                    "boot storm",
                    pki,
                    vms.subList(0, w),
                    uids,
                    deks,
                    port,
                    concurrency,
                    console,
                    handshakeCpuMs,
                    psp,
                    sources,
                    0);
        }
    }

    /** A {@link BootStormServer} process: started, ready on its port, stopped by closing its stdin. */
    record StormServer(ServerConsole console, int port) implements AutoCloseable {
        static StormServer start(List<String> command, Path dir) throws IOException {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            ServerConsole console = new ServerConsole(process);
            try {
                return new StormServer(console, console.awaitPort());
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        }

        /** Deletes a stopped server's store and the VCEK it issued, so that the next server starts from nothing. */
        static void forget(Path dir) throws IOException {
            try (var entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("store") || name.equals("vek")) {
                        TempDirs.deleteTree(p);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            Process process = console.process();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Outcome storm(
            String phase,
            TestPki pki,
            List<TestPki.Credential> vms,
            String[] uids,
            byte[][] deks,
            int port,
            int concurrency,
            ServerConsole console,
            double handshakeCpuMs,
            SimulatedSnpGuest psp,
            Sources sources,
            int firstVm)
            throws Exception {
        int count = vms.size();
        // Each VM's TLS context (its own key, certificate and trust, so nothing resumes across VMs) is built before
        // the clock starts, as a VM has its configuration before it boots; the handshake itself is in the clock.
        long prepared = driverCpuNanos();
        ClientTlsConfig[] tls = new ClientTlsConfig[count];
        for (int i = 0; i < count; i++) {
            TestPki.Credential vm = vms.get(i);
            tls[i] = ClientTlsConfig.fromPem(pki.caCertificatePem(), vm.certificatePem(), vm.privateKeyPem());
        }
        double prepareCpuMs = (driverCpuNanos() - prepared) / 1e6 / count;
        long[] latency = new long[count];
        AtomicInteger next = new AtomicInteger();
        Map<String, Integer> reasons = new ConcurrentSkipListMap<>();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        String load = uptime();
        Map<String, Long> counters = console.counters();
        long cpu = cpuMillis(console.process());
        long jitCpu = JitCpu.millis(console.process().pid());
        long driverCpu = driverCpuNanos();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int t = 0; t < concurrency; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    try {
                        unlock(tls[i], uids[i], deks[i], port, psp, sources.of(firstVm + i));
                        tls[i] = null; // one connection per VM: its context is not needed again
                    } catch (Exception | AssertionError e) {
                        reasons.merge(reason(e), 1, Integer::sum);
                        firstFailure.compareAndSet(null, "vm-" + (firstVm + i) + ": " + e);
                    }
                    latency[i] = System.nanoTime() - s;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double wall = seconds(start);
        long serverCpuMs = cpuMillis(console.process()) - cpu;
        long serverJitCpuMs = JitCpu.millis(console.process().pid()) - jitCpu;
        double driverCpuMs = (driverCpuNanos() - driverCpu) / 1e6 / count;
        Map<String, Long> serverCounters = console.countersSince(counters);
        int failures = reasons.values().stream().mapToInt(Integer::intValue).sum();
        Arrays.sort(latency);
        System.out.printf(
                "%s: vms=%d concurrency=%d failures=%d wall=%.1f s releases/s=%.1f "
                        + "p50=%.0f ms p99=%.0f ms max=%.0f ms server-cpu-ms/release=%.2f (jit %.2f) "
                        + "tls-handshake-server-cpu-ms/connection=%.2f driver-cpu-ms/vm=%.2f "
                        + "(before the clock: tls-context-cpu-ms/vm=%.2f)%n",
                phase,
                count,
                concurrency,
                failures,
                wall,
                (count - failures) / wall,
                ms(latency[count / 2]),
                ms(latency[(int) (count * 0.99)]),
                ms(latency[count - 1]),
                (double) serverCpuMs / count,
                (double) serverJitCpuMs / count,
                handshakeCpuMs,
                driverCpuMs,
                prepareCpuMs);
        System.out.printf(
                "  failures by reason: %s%n  server transport counters: %s%n" + "  uptime before: %s | after: %s%n",
                reasons.isEmpty() ? "none" : reasons, serverCounters, load, uptime());
        if (firstFailure.get() != null) {
            System.out.println("  first failure: " + firstFailure.get());
        }
        return new Outcome(count, failures, Map.copyOf(reasons), serverCounters);
    }

    /**
     * A failure's reason without what varies between VMs (ports, VM numbers): the exception, the transport stage,
     * and the innermost cause's message.
     */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String stage = e instanceof dev.snpkm.client.transport.KmipTransportException t ? t.stage() + " " : "";
        String message = String.valueOf(root.getMessage()).replaceAll("[0-9]+", "N");
        return stage + e.getClass().getSimpleName()
                + (root == e ? "" : " / " + root.getClass().getSimpleName()) + ": "
                + (message.length() > 100 ? message.substring(0, 100) : message);
    }

    /** The local address each VM connects from: its own in 127.0.0.0/8, or 127.0.0.1 for all. */
    static final class Sources {
        private final boolean distinct;

        Sources(boolean distinct) {
            this.distinct = distinct;
        }

        /** VM i's address: 127.1.0.1 for 0, then counting up through 127.255.255.254 (16.6 million addresses). */
        InetAddress of(int vm) {
            if (!distinct) {
                return null;
            }
            int n = vm + 1;
            try {
                return InetAddress.getByAddress(new byte[] {127, (byte) (1 + n / 65_536), (byte) (n / 256), (byte) n});
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("four bytes are always an IPv4 address", e);
            }
        }
    }

    /** One VM's boot: its own TLS context, a fresh connection (full handshake), the two-round attested release. */
    private static void unlock(
            ClientTlsConfig tls, String uid, byte[] dek, int port, SimulatedSnpGuest psp, InetAddress source)
            throws Exception {
        try (KmipClient client = new KmipClient(
                new KmipTransport(new KmipEndpoint("127.0.0.1", port), tls, TRANSPORT.withLocalAddress(source)),
                KmipClient.Options.fixed(KmipVersion.V2_1))) {
            Secret released = new AttestedKeyFetcher(client, psp, WRAPPING).fetchAttested(uid);
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
    private static byte[][] provision(
            TestPki pki, TestPki.Credential admin, int port, List<TestPki.Credential> vms, String[] uids)
            throws Exception {
        byte[][] deks = new byte[vms.size()][32];
        SecureRandom random = new SecureRandom();
        ClientTlsConfig tls =
                ClientTlsConfig.fromPem(pki.caCertificatePem(), admin.certificatePem(), admin.privateKeyPem());
        try (KmipClient client = new KmipClient(
                new KmipTransport(new KmipEndpoint("127.0.0.1", port), tls, TRANSPORT),
                KmipClient.Options.fixed(KmipVersion.V2_1))) {
            for (int from = 0; from < vms.size(); from += 100) {
                int to = Math.min(vms.size(), from + 100);
                KmipBatch batch = client.batch();
                for (int i = from; i < to; i++) {
                    random.nextBytes(deks[i]);
                    batch.register(
                            new ManagedObject.SymmetricKey(KeyBlock.raw(deks[i], CryptographicAlgorithm.AES, 256)),
                            Attributes.of(
                                    KeyAttributes.custom("x-attestation-policy", "storm"),
                                    KeyAttributes.custom(
                                            "x-authorized-client",
                                            vms.get(i)
                                                    .certificate()
                                                    .getSubjectX500Principal()
                                                    .getName())));
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
    private static void handshakeOnly(TestPki pki, TestPki.Credential vm, int port, InetAddress source)
            throws Exception {
        ClientTlsConfig tls = ClientTlsConfig.fromPem(pki.caCertificatePem(), vm.certificatePem(), vm.privateKeyPem());
        Socket raw = new Socket();
        if (source != null) {
            raw.bind(new InetSocketAddress(source, 0));
        }
        raw.connect(new InetSocketAddress("127.0.0.1", port));
        try (SSLSocket s = tls.wrap(raw, "127.0.0.1", port)) {
            s.startHandshake();
        }
    }

    /** The server's stdout: its port when ready, and its transport counters on request. */
    static final class ServerConsole {
        private final Process process;
        private final BufferedReader out;

        ServerConsole(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        Process process() {
            return process;
        }

        int awaitPort() throws IOException {
            return Integer.parseInt(await("PORT "));
        }

        /** Asks the server for its transport counters ({@link BootStormServer}): name=value pairs. */
        Map<String, Long> counters() throws IOException {
            process.getOutputStream().write("COUNTERS\n".getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().flush();
            Map<String, Long> values = new LinkedHashMap<>();
            for (String pair : await("COUNTERS ").split(" ")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
            return values;
        }

        /** The counters' growth since {@code before}, only those that grew. */
        Map<String, Long> countersSince(Map<String, Long> before) throws IOException {
            Map<String, Long> delta = new LinkedHashMap<>();
            counters().forEach((k, v) -> {
                long d = v - before.getOrDefault(k, 0L);
                if (d != 0) {
                    delta.put(k, d);
                }
            });
            return delta;
        }

        private String await(String prefix) throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
                System.out.println("server: " + line);
            }
            throw new IllegalStateException("the boot storm server exited before answering " + prefix.strip());
        }
    }

    private static String uptime() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    /** This JVM's CPU time: the simulated VMs' TLS client, report signing, key generation and unwrap. */
    private static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
