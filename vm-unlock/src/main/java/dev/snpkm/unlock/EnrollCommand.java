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

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Fetch the disk key from the key manager and add it to the LUKS volume as a new keyslot, "
                + "authorised by an existing passphrase.")
final class EnrollCommand extends GuardedCommand {
    @Mixin
    CommonOptions common;

    @Option(names = "--device", paramLabel = "PATH", description = "LUKS device or image (config: device).")
    Path device;

    @Option(names = "--existing-passphrase-file", paramLabel = "FILE", required = true,
            description = "File holding a passphrase that opens a keyslot now (read whole, newline included).")
    Path existingPassphrase;

    @Option(names = "--pbkdf", paramLabel = "pbkdf2|argon2i|argon2id",
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
        Path dev = Path.of(settings.required("device", device));
        KeyslotPbkdf kdf = new KeyslotPbkdf(Optional.ofNullable(pbkdf),
                iterations == null ? OptionalInt.empty() : OptionalInt.of(iterations));
        LuksEnroller enroller = new LuksEnroller(env.processes(), env.cryptsetup(), Duration.ofMinutes(5));

        byte[] key = new GuardedKeyFetch(env).fetch(common, settings);
        try {
            enroller.enroll(dev, existingPassphrase, key, kdf);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        out().println("added a keyslot for key '" + settings.required("key-id", common.keyId) + "' to " + dev);
        return ExitCodes.OK;
    }
}
