package dev.snpkm.unlock.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory laid out like the parts of an SNP guest's / that kmip-unlock looks at. */
public final class EmulatedGuest {
    private EmulatedGuest() {}

    /** configfs-tsm report directory, /dev/sev-guest and a cpuinfo with the SEV flags. */
    public static Path snp(Path root) {
        return build(root, true, true);
    }

    /** A VM without SNP: no configfs-tsm report directory, no /dev/sev-guest. */
    public static Path plainVm(Path root) {
        return build(root, false, false);
    }

    public static Path build(Path root, boolean tsm, boolean sevGuestDevice) {
        try {
            Files.createDirectories(root.resolve("proc"));
            Files.createDirectories(root.resolve("dev"));
            Files.writeString(
                    root.resolve("proc/cpuinfo"),
                    "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
                            + "flags\t\t: fpu vme sse2 hypervisor " + (sevGuestDevice ? "sev sev_es sev_snp " : "")
                            + "xsave\n");
            if (tsm) {
                Files.createDirectories(root.resolve("sys/kernel/config/tsm/report"));
            }
            if (sevGuestDevice) {
                Files.createFile(root.resolve("dev/sev-guest"));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
