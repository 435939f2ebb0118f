package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real cryptsetup on a LUKS2 image file ({@code --test-passphrase}: no device-mapper needed). */
class LuksUnlockerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] DEK =
            java.util.HexFormat.of().parseHex("0a00ff11223344556677889900aabbccddeeff0a0b0c0d0e0f101112131415ff");

    @TempDir
    Path dir;

    /** cryptsetup open as LuksUnlocker runs it for DEK: stdin read as a key file, its 32 bytes only. */
    private static List<String> openCommand(String... rest) {
        List<String> command =
                new ArrayList<>(List.of("cryptsetup", "open", "--type", "luks", "--key-file=-", "--keyfile-size=32"));
        command.addAll(List.of(rest));
        return command;
    }

    private Path image;
    private final RecordingProcessRunner runner = new RecordingProcessRunner();

    private LuksEnroller.Enrolled enrolled;

    @BeforeEach
    void formatAndEnroll() throws Exception {
        image = LuksImage.format(dir);
        enrolled = new LuksEnroller(new SystemProcessRunner(), "cryptsetup", TIMEOUT)
                .enroll(image, LuksImage.passphraseFile(dir), DEK.clone(), LuksImage.FAST_PBKDF);
    }

    @Test
    void namingTheEnrolledSlotTriesOnlyThatSlot() throws Exception {
        new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, DEK.clone(), OptionalInt.of(enrolled.slot()));

        assertThat(runner.invocations().get(0).command())
                .containsExactlyElementsOf(
                        openCommand("--key-slot=" + enrolled.slot(), "--test-passphrase", image.toString()));
        // The installer's passphrase slot (0) is not tried: the same key with slot 0 named is refused.
        assertThatThrownBy(() ->
                        new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, DEK.clone(), OptionalInt.of(0)))
                .isInstanceOf(LuksException.class)
                .hasMessageContaining("tried only key slot 0, key-slot=");
    }

    @Test
    void theEnrolledDekPassesTheTestPassphraseCheck() throws Exception {
        byte[] key = DEK.clone();
        new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, key);

        assertThat(key).as("zeroed after use").containsOnly(0);
        assertThat(runner.invocations().get(0).command())
                .containsExactlyElementsOf(openCommand("--test-passphrase", image.toString()));
        assertThat(runner.invocations().get(0).stdinBytes()).isEqualTo(Cryptsetup.STDIN_BYTES);
        runner.assertKeyNeverPassedOutsideStdin(DEK);
    }

    /**
     * A slot enrolled before keys were padded (cryptsetup read the 32 bytes to EOF) opens with the padded key: with
     * --keyfile-size=32 cryptsetup reads the same 32 bytes.
     */
    @Test
    void aKeyEnrolledBeforeThePaddingStillOpens() throws Exception {
        byte[] older = DEK.clone();
        older[0] ^= 0x55;
        Process add = new ProcessBuilder(
                        "cryptsetup",
                        "luksAddKey",
                        "--batch-mode",
                        "--key-file=" + LuksImage.passphraseFile(dir),
                        "--pbkdf=pbkdf2",
                        "--pbkdf-force-iterations=1000",
                        "--key-slot=5",
                        image.toString(),
                        "-")
                .redirectErrorStream(true)
                .start();
        try (java.io.OutputStream in = add.getOutputStream()) {
            in.write(older); // as kmip-unlock 0.1 enrolled: 32 bytes, read to EOF
        }
        assertThat(add.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(add.exitValue())
                .as(new String(add.getInputStream().readAllBytes()))
                .isZero();

        new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, older.clone(), OptionalInt.of(5));
    }

    @Test
    void aWrongKeyIsRefusedWithTheFixInTheMessage() {
        byte[] wrong = DEK.clone();
        wrong[31] ^= 1;

        assertThatThrownBy(() -> new LuksUnlocker(runner, "cryptsetup", TIMEOUT).testKey(image, wrong))
                .isInstanceOf(LuksException.class)
                .hasMessage("the key from the key manager opens no keyslot of " + image
                        + "; enroll it with 'kmip-unlock enroll'");
        assertThat(wrong).containsOnly(0);
    }

    @Test
    void openPassesTheKeyOnStdinAndTheNameAsTheLastArgument() {
        // Mapping needs device-mapper, which a test container lacks; what matters here is the command line.
        byte[] key = DEK.clone();
        try {
            new LuksUnlocker(runner, "cryptsetup", TIMEOUT).open(image, "kmip-test-root", key);
            closeMapping("kmip-test-root"); // a host with device-mapper really mapped it
        } catch (LuksException expectedWithoutDeviceMapper) {
            assertThat(expectedWithoutDeviceMapper).hasMessageContaining("cryptsetup could not open");
        }
        assertThat(key).containsOnly(0);
        assertThat(runner.invocations().get(0).command())
                .containsExactlyElementsOf(openCommand(image.toString(), "kmip-test-root"));
        runner.assertKeyNeverPassedOutsideStdin(DEK);
    }

    private static void closeMapping(String name) {
        try {
            new ProcessBuilder("cryptsetup", "close", name).start().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not close test mapping " + name, e);
        }
    }

    @Test
    void aMappingNameThatLooksLikeAnOptionIsRefusedBeforeRunningAnything() {
        assertThatThrownBy(() -> new LuksUnlocker(runner, "cryptsetup", TIMEOUT).open(image, "--debug", DEK.clone()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(runner.invocations()).isEmpty();
    }

    @Test
    void aMissingCryptsetupIsReportedWithTheFix() {
        assertThatThrownBy(
                        () -> new LuksUnlocker(runner, "/nonexistent/cryptsetup", TIMEOUT).testKey(image, DEK.clone()))
                .isInstanceOf(LuksException.class)
                .hasMessageContaining("install cryptsetup");
    }
}
