package dev.snpkm.server.bench;

import dev.snpkm.server.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;

/** Our server as a benchmark target. Wired once the engine (branch server-ops) is merged. */
final class SnpkmTarget {
    private SnpkmTarget() {
    }

    static BenchTarget start(Path dir, TestPki pki) throws IOException {
        throw new IOException("the KMIP engine (branch server-ops) is not merged yet; run with servers=pykmip");
    }
}
