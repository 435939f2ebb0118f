package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Zeroes the key, success or not": also when an argument is refused before cryptsetup would run. */
class KeyZeroedOnBadArgumentsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Path OPTION_LIKE = Path.of("-rf");

    @TempDir
    Path dir;

    private final RecordingProcessRunner runner = new RecordingProcessRunner();

    private static byte[] key() {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 0x5A);
        return k;
    }

    @Test
    void openAndTestKeyZeroTheKeyWhenTheDeviceLooksLikeAnOption() {
        LuksUnlocker unlocker = new LuksUnlocker(runner, "cryptsetup", TIMEOUT);
        byte[] opened = key();
        byte[] tested = key();

        assertThatThrownBy(() -> unlocker.open(OPTION_LIKE, "data", opened, OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unlocker.testKey(OPTION_LIKE, tested)).isInstanceOf(IllegalArgumentException.class);

        assertThat(opened).containsOnly(0);
        assertThat(tested).containsOnly(0);
        assertThat(runner.invocations()).isEmpty();
    }

    @Test
    void enrollZeroesTheKeyWhenTheDeviceLooksLikeAnOption() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "old");
        byte[] newKey = key();

        assertThatThrownBy(() -> new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                        .enroll(OPTION_LIKE, passphrase, newKey, LuksImage.FAST_PBKDF))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(newKey).containsOnly(0);
        assertThat(runner.invocations()).isEmpty();
    }
}
