package dev.snpkm.unlock.guest;

import java.nio.file.Path;

/**
 * Where the guest check and the report provider look: the configfs-tsm report directory, the sev-guest device and
 * cpuinfo. On a guest these are the kernel's; lab mode ({@code tsm-report-root}, {@code sev-guest-device}) points
 * them at an emulation. Lab mode weakens nothing: the key manager verifies every report against its trust roots, so
 * an emulated report is accepted only by a key manager configured with test roots.
 */
public record GuestPaths(Path reportRoot, Path sevGuestDevice, Path cpuinfo) {

    /** The kernel's paths under {@code root} ("/" on a real system; tests pass an emulated tree). */
    public static GuestPaths under(Path root) {
        return new GuestPaths(
                root.resolve("sys/kernel/config/tsm/report"),
                root.resolve("dev/sev-guest"),
                root.resolve("proc/cpuinfo"));
    }

    public GuestPaths withReportRoot(Path p) {
        return new GuestPaths(p, sevGuestDevice, cpuinfo);
    }

    public GuestPaths withSevGuestDevice(Path p) {
        return new GuestPaths(reportRoot, p, cpuinfo);
    }
}
