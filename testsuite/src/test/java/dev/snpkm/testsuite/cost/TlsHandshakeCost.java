package dev.snpkm.testsuite.cost;

import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.tls.BouncyCastleEcdsa;
import dev.snpkm.server.tls.TlsProvider;
import dev.snpkm.server.tls.TlsSettings;
import dev.snpkm.server.transport.ServerSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * What one full TLS handshake costs the server, by server certificate key and TLS provider: the real server
 * ({@link KmipServerBuilder}, production transport settings: Netty, mutual TLS) on 127.0.0.1 with a P-384, P-256 or Ed25519
 * certificate from the same test CA; the client (a P-256 client certificate) opens a connection with a fresh
 * SSLContext each time (nothing to resume), completes the handshake and closes. Prints per key type the negotiated
 * protocol and suite, the server threads' CPU per handshake (ThreadMXBean, threads "kmip-*"), the client thread's, and
 * handshakes/s (sequential), each twice: with ECDSA from the JDK's SunEC, then from {@link BouncyCastleEcdsa} (what
 * the server installs; the same server, the provider removed for the first run). Key-exchange groups are a JVM-wide
 * setting in JDK 17: run again with {@code -Djdk.tls.namedGroups=secp256r1} (or secp384r1, x25519) to compare
 * them. Not a surefire test; docs/BENCHMARKS.md "TLS handshake cost".
 *
 * <p>Arguments: handshakes per key type (300), key types (P-384,P-256,Ed25519), server TLS providers (jdk,openssl:
 * the JDK's JSSE, BoringSSL; the client is always the JDK's). {@code -Dtls.hold=Ed25519} keeps that
 * server running after its measurement (port and client PEM files printed) until stdin closes.
 */
public final class TlsHandshakeCost {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private TlsHandshakeCost() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String[] kinds = (args.length > 1 ? args[1] : "P-384,P-256,Ed25519").split(",");
        String[] providers = (args.length > 2 ? args[2] : "jdk,openssl").split(",");
        Path dir = Files.createTempDirectory("tls-cost");
        TestPki pki = TestPki.generate(dir);
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        System.out.printf(
                "jdk.tls.namedGroups=%s loadavg=%s%n",
                System.getProperty("jdk.tls.namedGroups", "(default)"),
                Files.readString(Path.of("/proc/loadavg")).strip());
        for (String kind : kinds) {
            TestPki.Credential cert = pki.issueServer("server-" + kind, keyPair(kind));
            for (String provider : providers) {
                ServerSettings settings = ServerSettings.defaults(
                                TlsSettings.of(cert.certificatePem(), cert.privateKeyPem(), pki.caCertificatePem())
                                        .withProvider(TlsProvider.parse(provider)))
                        .withBindAddress(new InetSocketAddress("127.0.0.1", 0));
                try (RunningKmipServer server = KmipServerBuilder.serving(settings, new SoftwareMasterKey(1, kek))
                        .h2File(dir.resolve("db-" + kind + "-" + provider))
                        .start()) {
                    measure(pki, server, kind, provider, n);
                    if (kind.equals(System.getProperty("tls.hold"))) {
                        hold(pki, server);
                    }
                }
            }
        }
    }

    private static void measure(TestPki pki, RunningKmipServer server, String kind, String provider, int n)
            throws Exception {
        for (String ecdsa : List.of("SunEC", "BouncyCastle")) {
            if (ecdsa.equals("SunEC")) {
                Security.removeProvider(BouncyCastleEcdsa.NAME);
            } else {
                BouncyCastleEcdsa.install();
            }
            for (int i = 0; i < Math.min(100, n); i++) {
                handshake(pki, server.port()); // warm-up: JIT
            }
            long serverCpu = serverThreadsCpu();
            long clientCpu = MX.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            String negotiated = "";
            for (int i = 0; i < n; i++) {
                negotiated = handshake(pki, server.port());
            }
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "server-key=%s provider=%s pkix-ecdsa=%s %s server-cpu-ms/handshake=%.3f "
                            + "client-cpu-ms/handshake=%.3f handshakes/s=%.0f loadavg=%s%n",
                    kind,
                    provider,
                    ecdsa,
                    negotiated,
                    (serverThreadsCpu() - serverCpu) / 1e6 / n,
                    (MX.getCurrentThreadCpuTime() - clientCpu) / 1e6 / n,
                    n / wall,
                    Files.readString(Path.of("/proc/loadavg")).strip());
        }
    }

    /** For client compatibility checks (openssl s_client, PyKMIP) against this certificate. */
    private static void hold(TestPki pki, RunningKmipServer server) throws Exception {
        System.out.printf(
                "holding: port=%d ca=%s client-cert=%s client-key=%s; close stdin to stop%n",
                server.port(),
                pki.caCertificatePem(),
                pki.client().certificatePem(),
                pki.client().privateKeyPem());
        while (System.in.read() >= 0) {
            // wait
        }
    }

    private static String handshake(TestPki pki, int port) throws Exception {
        try (SSLSocket s =
                (SSLSocket) pki.clientContext(pki.client()).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
        }
    }

    private static KeyPair keyPair(String kind) throws Exception {
        if (kind.equals("Ed25519")) {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(kind.equals("P-384") ? "secp384r1" : "secp256r1"));
        return g.generateKeyPair();
    }

    private static long serverThreadsCpu() {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kmip-")) {
                long ns = MX.getThreadCpuTime(t.getId());
                sum += Math.max(0, ns);
            }
        }
        return sum;
    }
}
