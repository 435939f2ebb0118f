package dev.snpkm.unlock.luks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds the key manager's key to a LUKS volume as a new keyslot:
 * {@code cryptsetup luksAddKey --key-file=EXISTING --new-keyfile-size=N DEVICE -}, the new key on stdin. The existing
 * passphrase comes from a file the administrator provides (cryptsetup reads all of it, a trailing newline included);
 * the new key goes through stdin only (the positional "-" reads like {@code --key-file=-}, verified on cryptsetup
 * 2.6.1), its N bytes and not the zeros that pad the write ({@link Cryptsetup}): {@code --new-keyfile-size} limits the
 * new key file, where {@code --keyfile-size} would cut the existing passphrase's file.
 *
 * <p>The new slot is then marked preferred ({@code cryptsetup config --priority prefer --key-slot N}, LUKS2) so that
 * cryptsetup tries it first even when the config names no {@code key-slot}; open names the slot anyway.
 *
 * <p>Takes ownership of the key array and zeroes it before returning.
 */
public final class LuksEnroller {
    /** cryptsetup --verbose reports the slot it used (lib/setup.c, verified on 2.6.1). */
    private static final Pattern SLOT_CREATED = Pattern.compile("Key slot (\\d+) created");

    /**
     * The slot made.
     *
     * @param preferred whether its priority is now "prefer" (false on LUKS1, which has no priorities)
     * @param note cryptsetup's reason when it could not be marked preferred, else empty
     */
    public record Enrolled(int slot, boolean preferred, String note) {}

    private final Cryptsetup cryptsetup;

    public LuksEnroller(ProcessRunner runner, String cryptsetupExecutable, Duration timeout) {
        this.cryptsetup = new Cryptsetup(runner, cryptsetupExecutable, timeout);
    }

    public Enrolled enroll(Path device, Path existingPassphraseFile, byte[] newKey, KeyslotPbkdf pbkdf)
            throws LuksException {
        return enroll(device, existingPassphraseFile, newKey, pbkdf, OptionalInt.empty());
    }

    /** @param slot the key slot to use, or empty for the first free one */
    public Enrolled enroll(
            Path device, Path existingPassphraseFile, byte[] newKey, KeyslotPbkdf pbkdf, OptionalInt slot)
            throws LuksException {
        if (!Files.isReadable(existingPassphraseFile)) {
            java.util.Arrays.fill(newKey, (byte) 0);
            throw new LuksException("cannot read the existing passphrase file " + existingPassphraseFile);
        }
        List<String> args = new ArrayList<>(List.of(
                "luksAddKey",
                "--batch-mode",
                "--verbose",
                "--key-file=" + existingPassphraseFile.toAbsolutePath(),
                Cryptsetup.newKeyfileSize(newKey)));
        slot.ifPresent(s -> args.add("--key-slot=" + s));
        args.addAll(pbkdf.arguments());
        try {
            args.add(Cryptsetup.operand("device", device));
        } catch (RuntimeException e) {
            java.util.Arrays.fill(newKey, (byte) 0); // zeroed, success or not: cryptsetup.run is not reached
            throw e;
        }
        args.add("-");
        ProcessRunner.Outcome outcome = cryptsetup.runWithKey(args, newKey);
        if (outcome.exitCode() == Cryptsetup.EXIT_BAD_PASSPHRASE) {
            throw new LuksException("the passphrase in " + existingPassphraseFile + " opens no keyslot of " + device
                    + " (note: cryptsetup reads the whole file, a trailing newline included)");
        }
        if (outcome.exitCode() != 0) {
            throw new LuksException("cryptsetup could not add a keyslot to " + device + " (exit " + outcome.exitCode()
                    + "): " + Cryptsetup.firstLine(outcome.output()));
        }
        Matcher m = SLOT_CREATED.matcher(outcome.output());
        if (!m.find()) {
            throw new LuksException("cryptsetup added a keyslot to " + device + " but did not say which: "
                    + Cryptsetup.firstLine(outcome.output()));
        }
        int made = Integer.parseInt(m.group(1));
        ProcessRunner.Outcome prefer = cryptsetup.run(
                List.of("config", "--priority", "prefer", "--key-slot=" + made, Cryptsetup.operand("device", device)));
        return prefer.exitCode() == 0
                ? new Enrolled(made, true, "")
                : new Enrolled(made, false, Cryptsetup.firstLine(prefer.output()));
    }
}
