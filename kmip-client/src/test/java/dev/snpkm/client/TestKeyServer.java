package dev.snpkm.client;

import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;

/**
 * Our real server, wired as the appliance wires it ({@link KmipServerBuilder}: H2 file in a temp dir, TLS on
 * 127.0.0.1, test PKI, actions audited) with three identities: the owner ({@code pki.client()}), an administrator and
 * another tenant; clients talk to it over real TLS.
 */
public final class TestKeyServer implements AutoCloseable {
    /** Bounded so a hung server fails a test instead of stalling the build. */
    public static final TransportSettings TRANSPORT = new TransportSettings(
            Duration.ofSeconds(3), Duration.ofSeconds(15), 1 << 20, 2, Duration.ofMillis(50), Duration.ofMillis(200));

    public final TestPki pki;
    public final TestPki.Credential owner;
    public final TestPki.Credential admin;
    public final TestPki.Credential other;
    public final RunningKmipServer server;

    private TestKeyServer(TestPki pki, TestPki.Credential admin, TestPki.Credential other, RunningKmipServer server) {
        this.pki = pki;
        this.owner = pki.client();
        this.admin = admin;
        this.other = other;
        this.server = server;
    }

    public static TestKeyServer start(Path dir, KeyReleaseGate gate) throws Exception {
        KmipServerBuilder.GateFactory fixed = parts -> gate;
        return start(dir, fixed);
    }

    /** With a gate built over the server's own store (nonces, audit log, meters). */
    public static TestKeyServer start(Path dir, KmipServerBuilder.GateFactory gate) throws Exception {
        return start(dir, gate, new SimpleMeterRegistry());
    }

    /** @param meters where the server's and the gate's meters register */
    public static TestKeyServer start(Path dir, KmipServerBuilder.GateFactory gate, MeterRegistry meters)
            throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        TestPki.Credential admin = pki.issueClient("admin", "key-admin");
        TestPki.Credential other = pki.issueClient("other", "other-tenant");
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        return new TestKeyServer(
                pki,
                admin,
                other,
                KmipServerBuilder.serving(TestServerSettings.loopback(pki), new SoftwareMasterKey(1, master))
                        .h2File(dir.resolve("kms"))
                        .administrators(Set.of(
                                admin.certificate().getSubjectX500Principal().getName()))
                        .gate(gate)
                        .meters(meters)
                        .start());
    }

    public KmipTransport transport(TestPki.Credential who) throws Exception {
        ClientTlsConfig tls =
                ClientTlsConfig.fromPem(pki.caCertificatePem(), who.certificatePem(), who.privateKeyPem());
        return new KmipTransport(new KmipEndpoint("127.0.0.1", server.port()), tls, TRANSPORT);
    }

    public KmipClient client(TestPki.Credential who) throws Exception {
        return new KmipClient(transport(who));
    }

    @Override
    public void close() {
        server.close();
    }
}
