package dev.snpkm.server.conformance;

import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.transport.HttpsSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Our server as the conformance suite runs it: wired as the appliance wires it (H2 file store in {@code dir}, engine,
 * audit, metrics, revocation filters, TLS transport)
 * on a loopback port (KMIP over HTTPS on, as OasisHttpsConformanceTest needs) with the test PKI, a random software master key, the deny-all attestation gate (no OASIS
 * case involves attested release), and the test-harness operation Interop enabled (every BL case opens with it).
 */
final class ServerUnderTest implements AutoCloseable {
    static final String DESCRIPTION = "the snpkm server (KmipServerBuilder: H2 file store, KmipEngine, TLS transport)";

    private final RunningKmipServer server;

    private ServerUnderTest(RunningKmipServer server) {
        this.server = server;
    }

    static ServerUnderTest start(Path dir, TestPki pki) throws IOException {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return new ServerUnderTest(KmipServerBuilder.serving(
                        TestServerSettings.loopback(pki).withHttps(HttpsSettings.on()), new SoftwareMasterKey(1, kek))
                .h2File(dir.resolve("store"))
                .interop(true)
                .start());
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
