package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
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
                .containsExactly(
                        "cryptsetup",
                        "open",
                        "--type",
                        "luks",
                        "--key-file=-",
                        "--key-slot=" + enrolled.slot(),
                        "--test-passphrase",
                        image.toString());
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
                .containsExactly(
                        "cryptsetup", "open", "--type", "luks", "--key-file=-", "--test-passphrase", image.toString());
        runner.assertKeyNeverPassedOutsideStdin(DEK);
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
                .containsExactly(
                        "cryptsetup", "open", "--type", "luks", "--key-file=-", image.toString(), "kmip-test-root");
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
