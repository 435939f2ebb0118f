package dev.snpkm.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories that fixtures and benchmarks create themselves (where JUnit's {@code @TempDir} cannot). */
public final class TempDirs {
    private TempDirs() {}

    /** Deletes {@code dir} and everything below it, deepest first. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
