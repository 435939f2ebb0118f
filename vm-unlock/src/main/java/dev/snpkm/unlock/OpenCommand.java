package dev.snpkm.unlock;

import dev.snpkm.unlock.luks.LuksUnlocker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Check that this is an SEV-SNP guest, fetch the disk key from the key manager and open the "
                + "LUKS volume with it.")
final class OpenCommand extends GuardedCommand {
    @Mixin
    CommonOptions common;

    @Option(names = "--device", paramLabel = "PATH", description = "LUKS device or image (config: device).")
    Path device;

    @Option(names = "--name", paramLabel = "NAME", description = "Mapping name under /dev/mapper (config: name).")
    String name;

    @Option(names = "--test-passphrase", description = "Only check that the key opens a keyslot; map nothing.")
    boolean testOnly;

    OpenCommand(UnlockEnvironment env) {
        super(env);
    }

    @Override
    int execute() throws Exception {
        UnlockSettings settings = UnlockSettings.load(common.config);
        Path dev = Path.of(settings.required("device", device));
        String mapping = testOnly ? null : settings.required("name", name);
        LuksUnlocker unlocker = new LuksUnlocker(env.processes(), env.cryptsetup(), Duration.ofMinutes(2));

        byte[] key = new GuardedKeyFetch(env).fetch(common, settings);
        try {
            if (testOnly) {
                unlocker.testKey(dev, key);
                out().println("the key manager's key opens " + dev + " (test only, nothing mapped)");
            } else {
                unlocker.open(dev, mapping, key);
                out().println("opened " + dev + " as /dev/mapper/" + mapping);
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return ExitCodes.OK;
    }
}
