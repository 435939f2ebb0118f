package dev.snpkm.unlock;

import picocli.CommandLine.Option;

/** Where the SNP guest check and the report provider look, and how long to wait for them; each also a setting. */
public final class GuestOptions {
    @Option(
            names = "--guest-wait",
            paramLabel = "SECONDS",
            description = "Wait up to this long for /dev/sev-guest and configfs-tsm to appear before judging that "
                    + "this is not an SEV-SNP guest (5; within the deadline).")
    String guestWaitSeconds;

    @Option(
            names = "--tsm-report-root",
            paramLabel = "DIR",
            description = "Lab mode: the configfs-tsm report directory (/sys/kernel/config/tsm/report).")
    String tsmReportRoot;

    @Option(
            names = "--sev-guest-device",
            paramLabel = "PATH",
            description = "Lab mode: the SEV-SNP guest device (/dev/sev-guest).")
    String sevGuestDevice;
}
