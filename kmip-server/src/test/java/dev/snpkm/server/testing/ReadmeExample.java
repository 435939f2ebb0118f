package dev.snpkm.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A module README's Java example, kept honest: the README's first {@code ```java} block must equal, line for line
 * after removing the common indentation, the region of a test source between {@code // readme:begin} and
 * {@code // readme:end}. The test then compiles that region (it is its own code) and runs it.
 */
public final class ReadmeExample {
    private static final String FENCE_OPEN = "```java";
    private static final String FENCE_CLOSE = "```";
    private static final String BEGIN = "// readme:begin";
    private static final String END = "// readme:end";

    private ReadmeExample() {}

    /** The first {@code ```java} block of a Markdown file, dedented. */
    public static List<String> javaBlockOf(Path markdown) throws IOException {
        return dedent(between(Files.readAllLines(markdown), FENCE_OPEN, FENCE_CLOSE, markdown));
    }

    /** The lines of a source file between the {@code // readme:begin} and {@code // readme:end} markers, dedented. */
    public static List<String> markedRegionOf(Path source) throws IOException {
        return dedent(between(Files.readAllLines(source), BEGIN, END, source));
    }

    private static List<String> between(List<String> lines, String open, String close, Path file) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (start < 0 && line.equals(open)) {
                start = i + 1;
            } else if (start >= 0 && line.equals(close)) {
                return lines.subList(start, i);
            }
        }
        throw new IllegalStateException(file + ": no block between " + open + " and " + close);
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        return out;
    }
}
