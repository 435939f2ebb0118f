package dev.snpkm.testsuite.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time of a process's JIT compiler threads (named "C1/C2 CompilerThread…" by HotSpot), from /proc/pid/task:
 * how far a benchmark's window was still compiling rather than at its steady state. A compiler thread that exits
 * between two readings drops out of the difference.
 */
final class JitCpu {
    private JitCpu() {}

    /** Milliseconds of user + system CPU (clock ticks of 10 ms: CLK_TCK = 100 on Linux). */
    static long millis(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.matches("C[12] CompilerThre.*")) {
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks * 10;
    }
}
