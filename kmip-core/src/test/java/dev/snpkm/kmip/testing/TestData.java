package dev.snpkm.kmip.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository's {@code testdata/} folder (public KMIP vectors with their notices, see its README) from
 * any module's working directory: the nearest ancestor directory that holds it.
 */
public final class TestData {
    private TestData() {}

    /** The {@code testdata/} folder; fails loudly when the working directory is outside the repository. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata");
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/ not found above "
                + Path.of("").toAbsolutePath() + ": run the tests from inside the repository");
    }

    /** A path inside testdata/, e.g. {@code resolve("kmip/ttlv-hex")}; fails loudly if it does not exist. */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test data file " + p);
        }
        return p;
    }
}
