package dev.snpkm.unlock.luks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names systemd-cryptsetup will give LUKS volumes, so kmip-unlock maps a volume under the same name: then
 * systemd-cryptsetup@NAME finds the mapping active and leaves it; under another name it asks for a passphrase anyway.
 * Sources, as systemd-cryptsetup-generator(8) reads them: the kernel command line ({@code rd.luks.name=UUID=NAME},
 * {@code rd.luks.uuid=UUID} naming {@code luks-UUID}) and {@code /etc/crypttab} (crypttab(5): name, device as a path
 * or UUID=, PARTUUID=, LABEL=, PARTLABEL=). Devices are compared by the file they resolve to under {@code root}.
 */
public final class CryptNames {
    /** A name and where it was declared, for messages. */
    public record Declared(String name, String source) {}

    private static final Map<String, String> TAG_DIRS = Map.of(
            "UUID",
            "dev/disk/by-uuid",
            "PARTUUID",
            "dev/disk/by-partuuid",
            "LABEL",
            "dev/disk/by-label",
            "PARTLABEL",
            "dev/disk/by-partlabel");
    /** Bounds what is read from the two files; both are a few lines on any real system. */
    private static final long MAX_BYTES = 1 << 20;

    private final Path root;

    /** @param root "/" on a real system */
    public CryptNames(Path root) {
        this.root = root;
    }

    /** The name systemd will use for {@code device}, if the kernel command line or /etc/crypttab declares one. */
    public Optional<Declared> forDevice(Path device) {
        Optional<Path> target = resolve(device.toString());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        for (String arg : words(root.resolve("proc/cmdline"))) {
            Optional<Declared> d = fromKernelArgument(arg, target.get());
            if (d.isPresent()) {
                return d;
            }
        }
        for (String line : lines(root.resolve("etc/crypttab"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && !f[0].startsWith("#") && resolve(f[1]).equals(target)) {
                return Optional.of(new Declared(f[0], "/etc/crypttab"));
            }
        }
        return Optional.empty();
    }

    private Optional<Declared> fromKernelArgument(String arg, Path target) {
        if (arg.startsWith("rd.luks.name=")) {
            String[] uuidName = arg.substring("rd.luks.name=".length()).split("=", 2);
            if (uuidName.length == 2 && resolve("UUID=" + uuid(uuidName[0])).equals(Optional.of(target))) {
                return Optional.of(new Declared(uuidName[1], "the kernel command line (" + arg + ")"));
            }
        } else if (arg.startsWith("rd.luks.uuid=")) {
            String uuid = uuid(arg.substring("rd.luks.uuid=".length()));
            if (resolve("UUID=" + uuid).equals(Optional.of(target))) {
                return Optional.of(new Declared("luks-" + uuid, "the kernel command line (" + arg + ")"));
            }
        }
        return Optional.empty();
    }

    /** rd.luks.uuid= takes "UUID" or "luks-UUID"; by-uuid links are lower case. */
    private static String uuid(String value) {
        String v = value.startsWith("luks-") ? value.substring(5) : value;
        return v.toLowerCase(Locale.ROOT);
    }

    /** The file a crypttab device field or a device path stands for, following symbolic links, if it exists. */
    private Optional<Path> resolve(String spec) {
        int eq = spec.indexOf('=');
        String relative;
        if (eq > 0 && TAG_DIRS.containsKey(spec.substring(0, eq))) {
            relative = TAG_DIRS.get(spec.substring(0, eq)) + "/" + spec.substring(eq + 1);
        } else if (spec.startsWith("/")) {
            relative = spec.substring(1);
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(root.resolve(relative).toRealPath());
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static List<String> words(Path file) {
        List<String> words = new ArrayList<>();
        lines(file).forEach(l -> words.addAll(List.of(l.trim().split("\\s+"))));
        return words;
    }

    private static List<String> lines(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
