package dev.snpkm.unlock.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kmip-unlock's units in the boot graphs they meet: a booted system whose network comes from NetworkManager,
 * systemd-networkd or ifupdown (the data-volume unit), and a dracut initramfs with systemd-networkd or NetworkManager
 * (the root-volume unit). "Clean" is what {@code systemd-analyze verify} prints: nothing. The 0.1 unit is the
 * control: the same harness must report its cycles, or a clean result would mean nothing.
 */
class SystemdUnitsIT {
    private static final Path PACKAGING = Path.of("packaging");
    private static final Path DATA_UNIT = PACKAGING.resolve("kmip-unlock-data.service");
    private static final Path INITRD_UNIT = PACKAGING.resolve("kmip-unlock-initrd.service");
    private static final Path UNIT_0_1 = controls("kmip-unlock-0.1.service");
    /** The root volume's unit, as systemd-cryptsetup-generator names it for rd.luks.uuid=3f1c2a9e. */
    private static final String MULTI_USER = "multi-user.target";

    private static final String INITRD = "initrd.target";
    private static final String ROOT_CRYPTSETUP = "systemd-cryptsetup@luks\\x2d3f1c2a9e.service";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"networkmanager", "networkd", "ifupdown"})
    void dataUnitIsCleanOnABootedSystem(String stack) throws Exception {
        SystemdRoot root =
                booted(stack).install(DATA_UNIT, "kmip-unlock-data.service").enableAll();

        assertThat(root.verify(MULTI_USER)).isEmpty();
        assertThat(Files.readSymbolicLink(
                                root.unitsDir().resolve("remote-cryptsetup.target.wants/kmip-unlock-data.service"))
                        .toString())
                .isEqualTo("/etc/systemd/system/kmip-unlock-data.service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"networkmanager", "networkd", "ifupdown"})
    void dataUnitRunsBeforeTheNetworkVolumesCryptsetup(String stack) throws Exception {
        // A probe ordered after systemd-cryptsetup@data and before kmip-unlock-data closes a cycle exactly when
        // kmip-unlock-data already comes first, so the cycle report proves the order.
        // The same probe the other way round must be clean, or the probe itself would be what cycles.
        SystemdRoot root = booted(stack)
                .install(DATA_UNIT, "kmip-unlock-data.service")
                .install(
                        probe("systemd-cryptsetup@data.service", "kmip-unlock-data.service", MULTI_USER),
                        "probe.service")
                .enableAll();
        SystemdRoot reversed = SystemdRoot.of(dir.resolve(stack + "-reversed"), "base", stack)
                .install(DATA_UNIT, "kmip-unlock-data.service")
                .install(
                        probe("kmip-unlock-data.service", "systemd-cryptsetup@data.service", MULTI_USER),
                        "probe.service")
                .enableAll();

        assertThat(root.verify(MULTI_USER)).contains("ordering cycle").contains("probe.service");
        assertThat(reversed.verify(MULTI_USER)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"networkd", "initrd-nm"})
    void initrdUnitIsCleanInTheInitramfsAndRunsBeforeTheRootVolumesCryptsetup(String stack) throws Exception {
        assertThat(initrd(stack)
                        .install(INITRD_UNIT, "kmip-unlock.service")
                        .enableAll()
                        .verify(INITRD))
                .isEmpty();

        SystemdRoot probed = initrd(stack + "-probed", stack)
                .install(INITRD_UNIT, "kmip-unlock.service")
                .install(probe(ROOT_CRYPTSETUP, "kmip-unlock.service", INITRD), "probe.service")
                .enableAll();
        SystemdRoot reversed = initrd(stack + "-reversed", stack)
                .install(INITRD_UNIT, "kmip-unlock.service")
                .install(probe("kmip-unlock.service", ROOT_CRYPTSETUP, INITRD), "probe.service")
                .enableAll();
        assertThat(probed.verify(INITRD)).contains("ordering cycle").contains("probe.service");
        assertThat(reversed.verify(INITRD)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"networkmanager", "networkd", "ifupdown"})
    void theHarnessSeesThe01UnitsCyclesOnABootedSystem(String stack) throws Exception {
        SystemdRoot root =
                booted(stack).install(UNIT_0_1, "kmip-unlock.service").enableAll();

        assertThat(root.verify(MULTI_USER)).contains("Found ordering cycle");
    }

    @Test
    void theHarnessSeesThe01UnitsCyclesInTheInitramfs() throws Exception {
        assertThat(initrd("networkd")
                        .install(UNIT_0_1, "kmip-unlock.service")
                        .enableAll()
                        .verify(INITRD))
                .contains("Found ordering cycle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kmip-unlock-initrd.service", "kmip-unlock-data.service"})
    void theUnitsTimeoutCoversTheDefaultDeadlineAndTheJvmStart(String unit) throws Exception {
        String text = Files.readString(PACKAGING.resolve(unit));
        var m = java.util.regex.Pattern.compile("(?m)^TimeoutStartSec=(\\d+)s$").matcher(text);

        assertThat(m.find()).as("TimeoutStartSec= in " + unit).isTrue();
        long timeout = Long.parseLong(m.group(1));
        assertThat(timeout)
                .isLessThanOrEqualTo(30)
                .isGreaterThanOrEqualTo(dev.snpkm.unlock.BootDeadline.DEFAULT.toSeconds() + 5);
    }

    private SystemdRoot booted(String stack) throws IOException {
        return SystemdRoot.of(dir.resolve(stack), "base", stack);
    }

    private SystemdRoot initrd(String stack) throws IOException {
        return initrd(stack, stack);
    }

    /** base + initrd + the network stack, without the booted system's network volume. */
    private SystemdRoot initrd(String name, String stack) throws IOException {
        return SystemdRoot.of(dir.resolve(name), "base", "initrd", stack)
                .remove(
                        "remote-cryptsetup.target",
                        "remote-fs.target",
                        "srv-data.mount",
                        "systemd-cryptsetup@data.service");
    }

    private Path probe(String after, String before, String wantedBy) throws IOException {
        Path p = Files.createTempFile(dir, "probe", ".service");
        Files.writeString(
                p,
                "[Unit]\nDescription=ordering probe\nDefaultDependencies=no\nAfter=" + after
                        + "\nBefore=" + before + "\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n\n"
                        + "[Install]\nWantedBy=" + wantedBy + "\n");
        return p;
    }

    private static Path controls(String name) {
        try {
            return Path.of(SystemdUnitsIT.class
                    .getResource("/systemd/controls/" + name)
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
