package dev.snpkm.unlock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reads the config file with the same parser {@code open} uses and says what it found. {@code --files} lists what an
 * initramfs must hold for {@code open} to work (the file itself, the CA, the client certificate and key); the dracut
 * module installs exactly that list, so a file the agent would read is never left out.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Check the config file and print its settings, or with --files the files an initramfs needs.")
final class ConfigCommand extends GuardedCommand {
    /** The settings that name files {@code open} reads. */
    private static final List<String> FILE_SETTINGS = List.of("ca", "cert", "key");

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The config file (default " + "/etc/kmip-unlock/kmip-unlock.conf" + ").")
    Path config;

    @Option(names = "--files", description = "Print the absolute path of every file open reads, one per line.")
    boolean files;

    ConfigCommand(UnlockEnvironment env) {
        super(env);
    }

    @Override
    int execute() {
        Path file = config != null ? config : UnlockSettings.DEFAULT_CONFIG;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no config file " + file);
        }
        UnlockSettings settings = UnlockSettings.load(file);
        if (files) {
            filesNeeded(file, settings).forEach(out()::println);
        } else {
            for (String key : new java.util.TreeSet<>(UnlockSettings.KEYS)) {
                settings.optional(key, null).ifPresent(v -> out().println(key + "=" + v));
            }
        }
        return ExitCodes.OK;
    }

    private static List<Path> filesNeeded(Path file, UnlockSettings settings) {
        List<Path> needed = new ArrayList<>(List.of(file.toAbsolutePath().normalize()));
        for (String key : FILE_SETTINGS) {
            Path p = Path.of(settings.required(key, null)).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(key + "=" + p + " in " + file + " names no file");
            }
            needed.add(p);
        }
        return needed;
    }
}
