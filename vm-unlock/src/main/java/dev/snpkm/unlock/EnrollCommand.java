package dev.snpkm.unlock;

import dev.snpkm.unlock.luks.KeyslotPbkdf;
import dev.snpkm.unlock.luks.LuksEnroller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "enroll",
        mixinStandardHelpOptions = true,
        description = "Fetch the disk key from the key manager and add it to the LUKS volume as a new keyslot, "
                + "authorised by an existing passphrase.")
final class EnrollCommand extends GuardedCommand {
    @Mixin
    CommonOptions common;

    @Mixin
    GuestOptions guest;

    @Option(names = "--device", paramLabel = "PATH", description = "LUKS device or image (config: device).")
    Path device;

    @Option(
            names = "--key-slot",
            paramLabel = "N",
            description = "LUKS key slot for the key (config: key-slot; default the first free one).")
    Integer keySlot;

    @Option(
            names = "--existing-passphrase-file",
            paramLabel = "FILE",
            required = true,
            description = "File holding a passphrase that opens a keyslot now (read whole, newline included).")
    Path existingPassphrase;

    @Option(
            names = "--pbkdf",
            paramLabel = "pbkdf2|argon2i|argon2id",
            description = "PBKDF of the new keyslot (cryptsetup's default if omitted).")
    String pbkdf;

    @Option(names = "--pbkdf-iterations", paramLabel = "N", description = "Fixed PBKDF iterations (>= 1000).")
    Integer iterations;

    EnrollCommand(UnlockEnvironment env) {
        super(env);
    }

    @Override
    int execute() throws Exception {
        UnlockSettings settings = UnlockSettings.load(common.config);
        BootDeadline deadline = BootDeadline.startingNow(settings.deadline(common));
        Path dev = Path.of(settings.required("device", device));
        OptionalInt slot = settings.keySlot(keySlot);
        KeyslotPbkdf kdf = new KeyslotPbkdf(
                Optional.ofNullable(pbkdf), iterations == null ? OptionalInt.empty() : OptionalInt.of(iterations));
        LuksEnroller enroller = new LuksEnroller(env.processes(), env.cryptsetup(), Duration.ofMinutes(5));

        byte[] key = new GuardedKeyFetch(env).fetch(common, guest, settings, deadline);
        LuksEnroller.Enrolled made;
        try {
            made = enroller.enroll(dev, existingPassphrase, key, kdf, slot);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        out().println("added key slot " + made.slot() + " for key '" + settings.required("key-id", common.keyId)
                + "' to " + dev + (made.preferred() ? ", marked preferred" : ""));
        if (!made.preferred()) {
            err().println("kmip-unlock: warning: could not mark key slot " + made.slot() + " preferred (LUKS1 has "
                    + "no priorities): " + made.note());
        }
        out().println("set key-slot=" + made.slot() + " in the config file so that open tries only this slot");
        return ExitCodes.OK;
    }
}
