package dev.snpkm.unlock.luks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Opens a LUKS volume with a key from the key manager: {@code cryptsetup open --key-file=- --keyfile-size=N DEVICE
 * NAME}, the key on stdin. {@code --key-file=-} makes cryptsetup read stdin as a key file instead of stopping at a
 * newline, which a binary key may contain (cryptsetup(8), NOTES ON PASSPHRASE PROCESSING); {@code --keyfile-size}
 * makes it read the key's N bytes and not the zeros that pad the write ({@link Cryptsetup}).
 *
 * <p>With a key slot ({@code --key-slot N}, the slot {@code enroll} made) cryptsetup tries only that slot, instead of
 * every slot in priority order: an installer's argon2id passphrase slot costs seconds and up to 1 GiB per try.
 *
 * <p>Every method takes ownership of the key array and zeroes it before returning, success or not.
 */
public final class LuksUnlocker {
    /** Device-mapper names: what dm accepts and what is safe in argv. */
    private static final Pattern MAPPING_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,126}");

    private final Cryptsetup cryptsetup;

    public LuksUnlocker(ProcessRunner runner, String cryptsetupExecutable, Duration timeout) {
        this.cryptsetup = new Cryptsetup(runner, cryptsetupExecutable, timeout);
    }

    /** Maps {@code device} as /dev/mapper/{@code name}. */
    public void open(Path device, String name, byte[] key) throws LuksException {
        open(device, name, key, OptionalInt.empty());
    }

    /** Maps {@code device} as /dev/mapper/{@code name}, trying only {@code slot} when given. */
    public void open(Path device, String name, byte[] key, OptionalInt slot) throws LuksException {
        List<String> args;
        try {
            if (name == null || !MAPPING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("mapping name '" + name + "' must be letters, digits, _ . + -");
            }
            args = openArguments(slot, key);
            args.add(Cryptsetup.operand("device", device));
            args.add(name);
        } catch (RuntimeException e) {
            java.util.Arrays.fill(key, (byte) 0); // zeroed, success or not: cryptsetup.run is not reached
            throw e;
        }
        check(cryptsetup.runWithKey(args, key), device, slot, "open");
    }

    /** Checks that the key opens a keyslot, without mapping anything ({@code --test-passphrase}). */
    public void testKey(Path device, byte[] key) throws LuksException {
        testKey(device, key, OptionalInt.empty());
    }

    public void testKey(Path device, byte[] key, OptionalInt slot) throws LuksException {
        List<String> args;
        try {
            args = openArguments(slot, key);
            args.add("--test-passphrase");
            args.add(Cryptsetup.operand("device", device));
        } catch (RuntimeException e) {
            java.util.Arrays.fill(key, (byte) 0);
            throw e;
        }
        check(cryptsetup.runWithKey(args, key), device, slot, "test the key on");
    }

    private static List<String> openArguments(OptionalInt slot, byte[] key) {
        List<String> args =
                new ArrayList<>(List.of("open", "--type", "luks", "--key-file=-", Cryptsetup.keyfileSize(key)));
        slot.ifPresent(s -> args.add("--key-slot=" + s));
        return args;
    }

    private static void check(ProcessRunner.Outcome outcome, Path device, OptionalInt slot, String action)
            throws LuksException {
        if (outcome.exitCode() == Cryptsetup.EXIT_BAD_PASSPHRASE) {
            throw new LuksException("the key from the key manager opens no keyslot of " + device
                    + (slot.isPresent() ? " (tried only key slot " + slot.getAsInt() + ", key-slot=)" : "")
                    + "; enroll it with 'kmip-unlock enroll'");
        }
        if (outcome.exitCode() != 0) {
            throw new LuksException("cryptsetup could not " + action + " " + device + " (exit " + outcome.exitCode()
                    + "): " + Cryptsetup.firstLine(outcome.output()));
        }
    }
}
