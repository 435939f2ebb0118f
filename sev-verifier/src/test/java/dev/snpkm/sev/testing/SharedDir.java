package dev.snpkm.sev.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared/ reference directory: system property shared.dir, else ../shared beside the checkout. */
public final class SharedDir {
    private SharedDir() {
    }

    public static Path path() {
        String prop = System.getProperty("shared.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        // Module dir is <repo>/sev-verifier; shared/ lies beside <repo>.
        Path fallback = Path.of("").toAbsolutePath().getParent().resolveSibling("shared");
        if (Files.isDirectory(fallback)) {
            return fallback;
        }
        throw new IllegalStateException("shared/ not found: set -Dshared.dir (tried " + prop + " and " + fallback + ")");
    }

    public static byte[] read(String relative) {
        try {
            return Files.readAllBytes(path().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
