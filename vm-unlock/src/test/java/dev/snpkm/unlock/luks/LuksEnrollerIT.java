package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real cryptsetup on a LUKS2 image file. */
class LuksEnrollerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path image;
    private final RecordingProcessRunner runner = new RecordingProcessRunner();

    @BeforeEach
    void format() throws Exception {
        image = LuksImage.format(dir);
    }

    private static byte[] dek() {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) (i * 37 + 5);
        }
        k[3] = '\n'; // binary keys contain newlines and NULs; stdin must be read to EOF, not to the first newline
        k[9] = 0;
        return k;
    }

    @Test
    void enrolledKeyOpensTheVolumeAndTheOriginalPassphraseStillDoes() throws Exception {
        new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                .enroll(image, LuksImage.passphraseFile(dir), dek(), LuksImage.FAST_PBKDF);

        LuksUnlocker unlocker = new LuksUnlocker(runner, "cryptsetup", TIMEOUT);
        unlocker.testKey(image, dek());
        unlocker.testKey(image, LuksImage.PASSPHRASE.clone());
    }

    @Test
    void theNewSlotIsReportedAndMarkedPreferredSoCryptsetupTriesItFirst() throws Exception {
        LuksEnroller.Enrolled made = new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                .enroll(image, LuksImage.passphraseFile(dir), dek(), LuksImage.FAST_PBKDF);

        assertThat(made.slot()).isEqualTo(1); // luksFormat used slot 0
        assertThat(made.preferred()).isTrue();
        assertThat(priorities(image)).containsEntry(0, "normal").containsEntry(1, "preferred");
        assertThat(runner.invocations().get(1).command())
                .containsExactly("cryptsetup", "config", "--priority", "prefer", "--key-slot=1", image.toString());
    }

    @Test
    void aChosenSlotIsUsed() throws Exception {
        LuksEnroller.Enrolled made = new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                .enroll(image, LuksImage.passphraseFile(dir), dek(), LuksImage.FAST_PBKDF, java.util.OptionalInt.of(7));

        assertThat(made.slot()).isEqualTo(7);
        assertThat(priorities(image)).containsEntry(7, "preferred").doesNotContainKey(1);
        new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, dek(), java.util.OptionalInt.of(7));
    }

    /** Key slot number to priority, from {@code cryptsetup luksDump} (LUKS2 prints "Priority:" per slot). */
    static java.util.Map<Integer, String> priorities(Path image) throws Exception {
        Process p = new ProcessBuilder("cryptsetup", "luksDump", image.toString())
                .redirectErrorStream(true)
                .start();
        String dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        java.util.Map<Integer, String> priorities = new java.util.TreeMap<>();
        var m = java.util.regex.Pattern.compile("\n  (\\d+): luks2\\n(?:\\t[^\\n]*\\n)*?\\tPriority: +(\\w+)")
                .matcher(dump);
        while (m.find()) {
            priorities.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return priorities;
    }

    @Test
    void onlyTheWholeKeyOpensTheVolumeNotAPrefixUpToANewline() throws Exception {
        new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                .enroll(image, LuksImage.passphraseFile(dir), dek(), LuksImage.FAST_PBKDF);

        byte[] prefix = java.util.Arrays.copyOf(dek(), 3);
        assertThatThrownBy(() -> new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, prefix))
                .isInstanceOf(LuksException.class)
                .hasMessageContaining("opens no keyslot");
    }

    @Test
    void theKeyTravelsOnlyOnStdinAndIsZeroedAfterwards() throws Exception {
        byte[] key = dek();
        new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                .enroll(image, LuksImage.passphraseFile(dir), key, LuksImage.FAST_PBKDF);

        assertThat(key).containsOnly(0);
        runner.assertKeyNeverPassedOutsideStdin(dek());
        RecordingProcessRunner.Invocation call = runner.invocations().get(0);
        assertThat(call.stdinBytes())
                .as("the key padded to the pipe stream's buffer")
                .isEqualTo(Cryptsetup.STDIN_BYTES);
        // The new key (stdin) is cut to its 32 bytes; the existing passphrase's file is still read whole.
        assertThat(call.command())
                .containsSubsequence("luksAddKey", "--new-keyfile-size=32", image.toString(), "-")
                .noneMatch(a -> a.startsWith("--keyfile-size"));
        assertThat(call.environment()).containsOnlyKeys("PATH", "LC_ALL");
    }

    @Test
    void aWrongExistingPassphraseIsReportedAndTheKeyIsStillZeroed() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "not the passphrase");
        byte[] key = dek();

        assertThatThrownBy(() ->
                        new LuksEnroller(runner, "cryptsetup", TIMEOUT).enroll(image, wrong, key, LuksImage.FAST_PBKDF))
                .isInstanceOf(LuksException.class)
                .hasMessageContaining("opens no keyslot")
                .hasMessageContaining("trailing newline");
        assertThat(key).containsOnly(0);
    }

    @Test
    void aMissingPassphraseFileIsReportedWithoutRunningCryptsetup() {
        assertThatThrownBy(() -> new LuksEnroller(runner, "cryptsetup", TIMEOUT)
                        .enroll(image, dir.resolve("absent"), dek(), LuksImage.FAST_PBKDF))
                .hasMessageContaining("cannot read the existing passphrase file");
        assertThat(runner.invocations()).isEmpty();
    }
}
