package dev.snpkm.server.bench;

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
 * Our server as a benchmark target: the real assembly with an H2 file in the temp dir, a random software master
 * key, the deny-all gate (benchmark keys are not bound to attestation) and the loopback test settings.
 */
final class SnpkmTarget implements BenchTarget {
    private final ServerAssembly server;

    private SnpkmTarget(ServerAssembly server) {
        this.server = server;
    }

    static BenchTarget start(Path dir, TestPki pki) throws IOException {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return new SnpkmTarget(ServerAssembly.start(new ServerAssembly.Settings(TestServerSettings.loopback(pki),
                dir.resolve("store"), new SoftwareMasterKey(1, kek), KeyReleaseGate.DENY_ALL, Set.of())));
    }

    @Override
    public String name() {
        return "snpkm";
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
