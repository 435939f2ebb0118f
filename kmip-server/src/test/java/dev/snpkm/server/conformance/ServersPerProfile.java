package dev.snpkm.server.conformance;

import dev.snpkm.server.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One fresh server per profile and version, started on first use: a profile's cases build on each other (TL-M-3
 * locates the key TL-M-2 created) and assume no other profile's objects (Locate by name). All share one test PKI.
 */
final class ServersPerProfile implements AutoCloseable {
    private final Path dir;
    private final TestPki pki;
    private final Map<String, ServerUnderTest> servers = new HashMap<>();

    ServersPerProfile(Path dir) {
        this.dir = dir;
        this.pki = TestPki.generate(dir.resolve("pki"));
    }

    TestPki pki() {
        return pki;
    }

    synchronized ServerUnderTest serverFor(ConformanceCase c) throws IOException {
        String group = c.version() + "-" + c.profile();
        ServerUnderTest server = servers.get(group);
        if (server == null) {
            server = ServerUnderTest.start(dir.resolve(group), pki);
            servers.put(group, server);
        }
        return server;
    }

    @Override
    public void close() {
        servers.values().forEach(ServerUnderTest::close);
    }
}
