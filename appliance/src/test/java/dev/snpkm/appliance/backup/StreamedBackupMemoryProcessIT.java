package dev.snpkm.appliance.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and the restore hold a chunk and a statement, not the store: a store whose SQL is several times the heap
 * is backed up and restored in a JVM of its own with a 64 MiB heap (ended by its first OutOfMemoryError, as the
 * appliance is), and the restored store holds every row. The in-memory backup this replaced needed about 1.5 bytes
 * of heap per character of SQL (session 18): 90 MB for these 60 M characters, more than the whole heap.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamedBackupMemoryProcessIT {
    /** 3,000 characters of SQL each: 60 M characters in all. */
    private static final int KEYS = 20_000;

    private static final String HEAP = "-Xmx64m";

    @TempDir
    Path tmp;

    @Test
    void aStoreLargerThanTheHeapBacksUpAndRestoresWhole() throws Exception {
        DataDirectory dir = BackupFixture.create(tmp.resolve("data"), KEYS);
        List<String> before = BackupFixture.contents(dir.storeBase());
        assertThat(before.get(0)).startsWith("managed_object ORDER BY uid: " + KEYS + " rows");
        Path restored = tmp.resolve("restored");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        HEAP,
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BackupRoundTrip.class.getName(),
                        dir.root().toString(),
                        tmp.resolve("appliance.bak").toString(),
                        restored.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("max_heap_mib=" + 64);
        assertThat(BackupFixture.contents(new DataDirectory(restored).storeBase()))
                .isEqualTo(before);
    }
}
