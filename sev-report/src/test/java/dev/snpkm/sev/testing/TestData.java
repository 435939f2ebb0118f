package dev.snpkm.sev.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real SEV-SNP vectors under the repository's {@code testdata/sev/} (provenance: testdata/README.md). */
public final class TestData {
    private TestData() {}

    /** {@code testdata/sev/}, found from any module's working directory as the nearest ancestor that holds it. */
    public static Path sevVectors() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata").resolve("sev");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "testdata/sev not found above " + Path.of("").toAbsolutePath());
    }

    /** The bytes of a vector file, e.g. {@code read("genoa-v3/report.bin")}. */
    public static byte[] read(String relative) {
        try {
            return Files.readAllBytes(sevVectors().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
