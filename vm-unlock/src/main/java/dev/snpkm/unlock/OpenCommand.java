package dev.snpkm.unlock;

import dev.snpkm.unlock.luks.CryptNames;
import dev.snpkm.unlock.luks.LuksUnlocker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "open",
        mixinStandardHelpOptions = true,
        description = "Check that this is an SEV-SNP guest, fetch the disk key from the key manager and open the "
                + "LUKS volume with it.")
final class OpenCommand extends GuardedCommand {
    @Mixin
    CommonOptions common;

    @Mixin
    GuestOptions guest;

    @Option(names = "--device", paramLabel = "PATH", description = "LUKS device or image (config: device).")
    Path device;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Mapping name under /dev/mapper (config: name); by default the name /etc/crypttab or the "
                    + "kernel command line (rd.luks.name=, rd.luks.uuid=) gives the device.")
    String name;

    @Option(
            names = "--key-slot",
            paramLabel = "N",
            description = "Try only this LUKS key slot, the one enroll made (config: key-slot).")
    Integer keySlot;

    @Option(names = "--test-passphrase", description = "Only check that the key opens a keyslot; map nothing.")
    boolean testOnly;

    OpenCommand(UnlockEnvironment env) {
        super(env);
    }

    @Override
    int execute() throws Exception {
        UnlockSettings settings = UnlockSettings.load(common.config);
        BootDeadline deadline = BootDeadline.startingNow(settings.deadline(common));
        Path dev = Path.of(settings.required("device", device));
        OptionalInt slot = settings.keySlot(keySlot);
        List<String> warnings = new ArrayList<>();
        @Nullable String mapping = testOnly ? null : mappingName(settings, dev, warnings);

        byte[] key = new GuardedKeyFetch(env).fetch(common, guest, settings, deadline);
        try {
            LuksUnlocker unlocker = new LuksUnlocker(env.processes(), env.cryptsetup(), deadline.remaining());
            if (mapping == null) { // only with --test
                unlocker.testKey(dev, key, slot);
                out().println("the key manager's key opens " + dev + " (test only, nothing mapped)");
            } else {
                unlocker.open(dev, mapping, key, slot);
                out().println("opened " + dev + " as /dev/mapper/" + mapping);
                warnings.forEach(w -> err().println("kmip-unlock: warning: " + w));
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return ExitCodes.OK;
    }

    /**
     * The name systemd-cryptsetup will look for: a different one would leave its passphrase prompt waiting for a
     * mapping that never appears, so a conflict is an error and a guess is a warning.
     */
    private String mappingName(UnlockSettings settings, Path dev, List<String> warnings) {
        Optional<String> configured = settings.optional("name", name);
        Optional<CryptNames.Declared> declared = new CryptNames(env.hostRoot()).forDevice(dev);
        if (configured.isPresent()
                && declared.isPresent()
                && !configured.get().equals(declared.get().name())) {
            throw new IllegalArgumentException("name=" + configured.get() + " but "
                    + declared.get().source()
                    + " names " + dev + " '" + declared.get().name() + "': systemd-cryptsetup would still ask for "
                    + "a passphrase; remove name= or set name=" + declared.get().name());
        }
        if (configured.isPresent()) {
            if (declared.isEmpty()) {
                warnings.add("neither /etc/crypttab nor the kernel command line names " + dev
                        + "; if systemd-cryptsetup opens it under another name than '" + configured.get()
                        + "' (rd.luks.uuid= uses luks-<UUID>), it will ask for the passphrase anyway");
            }
            return configured.get();
        }
        return declared.map(CryptNames.Declared::name)
                .orElseThrow(() -> new IllegalArgumentException("no mapping name for " + dev
                        + ": neither /etc/crypttab nor the kernel command line names it; set "
                        + "name= to the name systemd-cryptsetup uses for it (luks-<UUID> for rd.luks.uuid=)"));
    }
}
