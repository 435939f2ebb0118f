package dev.snpkm.kmip.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only {@code shared/} reference directory (specs and KMIP vectors). Surefire passes it as the system
 * property {@code shared.dir}; run from an IDE, we fall back to {@code ../shared} beside the project root.
 */
public final class SharedDir {
    private SharedDir() {
    }

    /** The shared directory; fails the test run loudly if it cannot be found. */
    public static Path root() {
        String configured = System.getProperty("shared.dir");
        Path candidate = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : projectRoot().resolve("../shared");
        candidate = candidate.toAbsolutePath().normalize();
        if (!Files.isDirectory(candidate.resolve("kmip-vectors"))) {
            throw new IllegalStateException("shared reference directory not found at " + candidate
                    + " (set -Dshared.dir=/path/to/shared or place shared/ beside the project root)");
        }
        return candidate;
    }

    /** A path inside shared/, e.g. {@code resolve("kmip-vectors/ttlv-hex")}; fails loudly if it does not exist. */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing shared reference file " + p);
        }
        return p;
    }

    /** The topmost directory above the working directory that still holds a pom.xml. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        Path root = dir;
        while (dir != null && Files.exists(dir.resolve("pom.xml"))) {
            root = dir;
            dir = dir.getParent();
        }
        return root;
    }
}
