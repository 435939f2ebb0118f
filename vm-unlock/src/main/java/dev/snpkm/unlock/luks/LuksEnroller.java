package dev.snpkm.unlock.luks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the key manager's key to a LUKS volume as a new keyslot:
 * {@code cryptsetup luksAddKey --key-file=EXISTING DEVICE -}, the new key on stdin. The existing passphrase comes
 * from a file the administrator provides (cryptsetup reads all of it, a trailing newline included); the new key goes
 * through stdin only, read to EOF (the positional "-" reads like {@code --key-file=-}, verified on cryptsetup 2.6.1).
 *
 * <p>Takes ownership of the key array and zeroes it before returning.
 */
public final class LuksEnroller {
    private final Cryptsetup cryptsetup;

    public LuksEnroller(ProcessRunner runner, String cryptsetupExecutable, Duration timeout) {
        this.cryptsetup = new Cryptsetup(runner, cryptsetupExecutable, timeout);
    }

    public void enroll(Path device, Path existingPassphraseFile, byte[] newKey, KeyslotPbkdf pbkdf)
            throws LuksException {
        if (!Files.isReadable(existingPassphraseFile)) {
            java.util.Arrays.fill(newKey, (byte) 0);
            throw new LuksException("cannot read the existing passphrase file " + existingPassphraseFile);
        }
        List<String> args = new ArrayList<>(List.of("luksAddKey", "--batch-mode",
                "--key-file=" + existingPassphraseFile.toAbsolutePath()));
        args.addAll(pbkdf.arguments());
        args.add(Cryptsetup.operand("device", device));
        args.add("-");
        ProcessRunner.Outcome outcome = cryptsetup.run(args, newKey);
        if (outcome.exitCode() == Cryptsetup.EXIT_BAD_PASSPHRASE) {
            throw new LuksException("the passphrase in " + existingPassphraseFile + " opens no keyslot of " + device
                    + " (note: cryptsetup reads the whole file, a trailing newline included)");
        }
        if (outcome.exitCode() != 0) {
            throw new LuksException("cryptsetup could not add a keyslot to " + device + " (exit "
                    + outcome.exitCode() + "): " + Cryptsetup.firstLine(outcome.output()));
        }
    }
}
