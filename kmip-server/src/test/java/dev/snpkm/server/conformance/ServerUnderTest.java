package dev.snpkm.server.conformance;

import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.engine.ServerAssembly;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Our server as the conformance suite runs it: the real assembly (H2 file store in {@code dir}, engine, TLS transport)
 * on a loopback port with the test PKI, a random software master key, the deny-all attestation gate (no OASIS
 * case involves attested release), and the test-harness operation Interop enabled (every BL case opens with it).
 */
final class ServerUnderTest implements AutoCloseable {
    static final String DESCRIPTION = "the snpkm server (ServerAssembly: H2 file store, KmipEngine, TLS transport)";

    private final ServerAssembly server;

    private ServerUnderTest(ServerAssembly server) {
        this.server = server;
    }

    static ServerUnderTest start(Path dir, TestPki pki) throws IOException {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return new ServerUnderTest(ServerAssembly.start(new ServerAssembly.Settings(TestServerSettings.loopback(pki),
                dir.resolve("store"), new SoftwareMasterKey(1, kek), KeyReleaseGate.DENY_ALL, Set.of(), true)));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
