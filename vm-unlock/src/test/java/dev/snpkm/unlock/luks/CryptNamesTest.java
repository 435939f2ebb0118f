package dev.snpkm.unlock.luks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names as systemd-cryptsetup-generator takes them, over a tree laid out like /dev, /etc and /proc. */
class CryptNamesTest {
    private static final String UUID = "3f1c2a9e-0b6e-4c5e-9a3a-0d6a3e1f6c11";

    @TempDir
    Path root;

    @BeforeEach
    void devices() throws Exception {
        Files.createDirectories(root.resolve("dev/disk/by-uuid"));
        Files.createDirectories(root.resolve("dev/disk/by-label"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("proc"));
        Files.createFile(root.resolve("dev/vda2"));
        Files.createFile(root.resolve("dev/vdb"));
        // udev's links are relative, like these.
        Files.createSymbolicLink(root.resolve("dev/disk/by-uuid/" + UUID), Path.of("../../vda2"));
        Files.createSymbolicLink(root.resolve("dev/disk/by-label/data"), Path.of("../../vdb"));
        Files.writeString(root.resolve("proc/cmdline"), "BOOT_IMAGE=/vmlinuz root=/dev/mapper/x ro\n");
    }

    @Test
    void crypttabNamesADeviceGivenByUuidByLabelOrByPath() throws Exception {
        Files.writeString(
                root.resolve("etc/crypttab"),
                "# name device key options\n"
                        + "luks-" + UUID + "  UUID=" + UUID + "  none  luks,discard\n"
                        + "data LABEL=data none luks,_netdev\n"
                        + "swap /dev/vdc /dev/urandom swap\n");
        Files.createFile(root.resolve("dev/vdc"));
        CryptNames names = new CryptNames(root);

        assertThat(names.forDevice(Path.of("/dev/vda2"))).hasValueSatisfying(d -> {
            assertThat(d.name()).isEqualTo("luks-" + UUID);
            assertThat(d.source()).isEqualTo("/etc/crypttab");
        });
        assertThat(names.forDevice(Path.of("/dev/disk/by-uuid/" + UUID)))
                .get()
                .extracting(d -> d.name())
                .isEqualTo("luks-" + UUID);
        assertThat(names.forDevice(Path.of("/dev/vdb")))
                .get()
                .extracting(d -> d.name())
                .isEqualTo("data");
        assertThat(names.forDevice(Path.of("/dev/vdc")))
                .get()
                .extracting(d -> d.name())
                .isEqualTo("swap");
        assertThat(names.forDevice(Path.of("/dev/vdd"))).isEmpty();
    }

    @Test
    void theKernelCommandLineNamesTheRootVolumeAsTheGeneratorWould() throws Exception {
        Files.writeString(
                root.resolve("proc/cmdline"), "ro rd.luks.uuid=luks-" + UUID.toUpperCase() + " rd.neednet=1\n");
        assertThat(new CryptNames(root).forDevice(Path.of("/dev/vda2")))
                .get()
                .extracting(d -> d.name())
                .isEqualTo("luks-" + UUID);

        Files.writeString(root.resolve("proc/cmdline"), "ro rd.luks.name=" + UUID + "=cryptroot\n");
        assertThat(new CryptNames(root).forDevice(Path.of("/dev/vda2"))).hasValueSatisfying(d -> {
            assertThat(d.name()).isEqualTo("cryptroot");
            assertThat(d.source()).contains("kernel command line");
        });
    }

    @Test
    void nothingIsDeclaredWithoutCrypttabOrKernelArguments() {
        assertThat(new CryptNames(root).forDevice(Path.of("/dev/vda2"))).isEmpty();
    }
}
