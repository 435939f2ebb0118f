package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's stdin stream to a child process is a BufferedOutputStream that keeps, after close, whatever a short write
 * copied into its 8 KiB buffer. kmip-unlock zeroes its own arrays, but could not zero that one: the key is written
 * padded to the buffer's size, which bypasses it, and real cryptsetup still enrolls and opens with it. Reading the
 * buffer needs --add-opens java.base/java.io (failsafe's argLine).
 */
class PipeStreamKeyCopyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final ProcessRunner runner = new SystemProcessRunner(started::add);

    private static byte[] key() {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 0xA7);
        return k;
    }

    @Test
    void enrollAndOpenLeaveNoCopyOfTheKeyInThePipeStreamsBuffer() throws Exception {
        Path image = LuksImage.format(dir);

        LuksEnroller.Enrolled made = new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                .enroll(image, LuksImage.passphraseFile(dir), key(), LuksImage.FAST_PBKDF);
        new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, key(), java.util.OptionalInt.of(made.slot()));

        List<String> runs = List.of("luksAddKey", "config", "open");
        assertThat(started).hasSameSizeAs(runs);
        for (int i = 0; i < runs.size(); i++) {
            assertThat(nonZeroBytes(buffer(started.get(i).getOutputStream())))
                    .as("bytes left in the stdin stream's buffer of cryptsetup %s", runs.get(i))
                    .isZero();
        }
    }

    /** The control: the check above sees a key that the stream did keep, as a write of the bare key leaves it. */
    @Test
    void aBareKeyWrittenToAChildIsKeptInThePipeStreamsBuffer() throws Exception {
        Process cat = new ProcessBuilder("sh", "-c", "cat >/dev/null").start();
        try (OutputStream in = cat.getOutputStream()) {
            in.write(key());
        }
        assertThat(cat.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(Arrays.equals(Arrays.copyOf(buffer(cat.getOutputStream()), 32), key()))
                .as("the key in the buffer")
                .isTrue();
    }

    private static long nonZeroBytes(byte[] b) {
        long n = 0;
        for (byte x : b) {
            n += x == 0 ? 0 : 1;
        }
        return n;
    }

    private static byte[] buffer(OutputStream stdin) throws Exception {
        assertThat(stdin).isInstanceOf(BufferedOutputStream.class);
        Field buf = BufferedOutputStream.class.getDeclaredField("buf");
        buf.setAccessible(true);
        return (byte[]) buf.get(stdin);
    }
}
