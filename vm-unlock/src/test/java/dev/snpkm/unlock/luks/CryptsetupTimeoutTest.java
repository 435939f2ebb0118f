package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cryptsetup that runs past its time is stopped and reported as such, not as a missing cryptsetup. */
class CryptsetupTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void aCryptsetupStoppedAtItsTimeoutSaysSoAndHowToAvoidIt() throws Exception {
        Path slow = Files.writeString(dir.resolve("slow-cryptsetup"), "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x33);
        LuksUnlocker unlocker = new LuksUnlocker(new SystemProcessRunner(), slow.toString(), Duration.ofMillis(300));

        assertThatThrownBy(() -> unlocker.testKey(dir.resolve("disk.img"), key))
                .isInstanceOf(LuksException.class)
                .hasMessageContaining("did not finish within 300 ms and was stopped")
                .hasMessageContaining("key-slot=")
                .hasMessageNotContaining("install cryptsetup");
        assertThat(key).containsOnly(0);
    }
}
