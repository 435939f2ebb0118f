package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A LUKS2 volume in a plain (sparse) file, formatted with real cryptsetup and a cheap PBKDF so tests stay fast.
 * Needs cryptsetup and root; without them the test fails and says what to install, since CI provides both.
 */
public final class LuksImage {
    public static final byte[] PASSPHRASE = "initial passphrase\n".getBytes(StandardCharsets.US_ASCII);
    /** cryptsetup's fast path for tests: PBKDF2 with the minimum iterations. */
    public static final KeyslotPbkdf FAST_PBKDF =
            new KeyslotPbkdf(java.util.Optional.of("pbkdf2"), java.util.OptionalInt.of(1000));

    private LuksImage() {}

    /** Formats {@code dir}/disk.img; writes the initial passphrase to {@code dir}/passphrase for luksAddKey. */
    public static Path format(Path dir) throws Exception {
        requireCryptsetup();
        Path image = dir.resolve("disk.img");
        // LUKS2's default header area is 16 MiB; sparse, so the file costs no disk space.
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(20L * 1024 * 1024);
        }
        Files.write(dir.resolve("passphrase"), PASSPHRASE);
        Process p = new ProcessBuilder(List.of(
                        "cryptsetup",
                        "luksFormat",
                        "--type",
                        "luks2",
                        "--batch-mode",
                        "--pbkdf",
                        "pbkdf2",
                        "--pbkdf-force-iterations",
                        "1000",
                        "--key-file=-",
                        image.toString()))
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(PASSPHRASE);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("cryptsetup luksFormat failed: "
                    + new String(p.getInputStream().readAllBytes()));
        }
        return image;
    }

    public static Path passphraseFile(Path dir) {
        return dir.resolve("passphrase");
    }

    /** kmip-unlock enroll's options as the README gives them, for the image formatted in {@code dir}. */
    public static List<String> enrollOptions(Path dir) {
        return List.of(
                "--existing-passphrase-file",
                passphraseFile(dir).toString(),
                "--pbkdf",
                "pbkdf2",
                "--pbkdf-iterations",
                "1000");
    }

    private static void requireCryptsetup() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("cryptsetup", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("'cryptsetup --version' failed; install cryptsetup-bin (Debian) / cryptsetup");
            }
        } catch (IOException e) {
            fail("cryptsetup is not installed: install cryptsetup-bin (Debian) / cryptsetup; these tests need it");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("the LUKS tests run cryptsetup on an image file and need root; run them as root (CI does)");
        }
    }
}
