package dev.snpkm.testsuite.load;

import dev.snpkm.server.testing.PyKmipServer;
import dev.snpkm.server.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;

/** Debian's PyKMIP server as a benchmark target, logging at WARNING so that per-request logging is not measured. */
final class PyKmipTarget implements BenchTarget {
    private final PyKmipServer server;

    private PyKmipTarget(PyKmipServer server) {
        this.server = server;
    }

    static PyKmipTarget start(Path dir, TestPki pki) throws IOException {
        return new PyKmipTarget(PyKmipServer.start(dir, pki, "WARNING"));
    }

    @Override
    public String name() {
        return "PyKMIP 0.10";
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
