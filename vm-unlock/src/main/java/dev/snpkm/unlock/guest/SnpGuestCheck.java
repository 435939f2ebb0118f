package dev.snpkm.unlock.guest;

import dev.snpkm.client.attestation.AttestationException;
import dev.snpkm.unlock.tsm.ConfigfsTsmProvider;
import dev.snpkm.unlock.tsm.TsmFilesystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, before any network traffic, whether this system is an SEV-SNP guest that can attest.
 *
 * <p>Required: the configfs-tsm report directory, {@code /dev/sev-guest} (the kernel registers the sev-guest device
 * only when it runs as an SNP guest, i.e. with SNP memory encryption active), and a TSM provider named
 * {@code sev_guest}. Reported but not required: the {@code /proc/cpuinfo} flags, because the hypervisor shapes the
 * CPUID a guest sees and we have not confirmed which flags every SNP guest kernel shows.
 *
 * <p>This is a fail-fast guard, not the security boundary: the key manager releases keys only against a verified
 * report. The paths are configurable ({@link GuestPaths}) so tests and lab mode can emulate a guest.
 *
 * <p>Early in a boot the sev-guest driver may not be bound yet (udev loads it from the platform device's modalias),
 * so {@link #require(Duration)} waits, bounded, for the device and the report directory before judging.
 */
public final class SnpGuestCheck {
    private static final Set<String> CPU_FLAGS = Set.of("sev", "sev_es", "sev_snp", "hypervisor");

    /** How often a waiting check looks again: udev binds the driver within milliseconds once it runs. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final GuestPaths paths;
    private final TsmFilesystem tsm;

    /** @param root "/" on a real system */
    public SnpGuestCheck(Path root, TsmFilesystem tsm) {
        this(GuestPaths.under(root), tsm);
    }

    public SnpGuestCheck(GuestPaths paths, TsmFilesystem tsm) {
        this.paths = paths;
        this.tsm = tsm;
    }

    public Path reportRoot() {
        return paths.reportRoot();
    }

    public GuestFacts inspect() {
        List<String> missing = new ArrayList<>();
        List<String> observed = new ArrayList<>();

        Path reportRoot = reportRoot();
        boolean tsmPresent = tsm.isDirectory(reportRoot);
        if (tsmPresent) {
            observed.add("configfs-tsm: " + reportRoot);
        } else {
            missing.add("no configfs-tsm report interface at " + reportRoot
                    + " (needs Linux >= 6.7 with configfs mounted)");
        }

        Path device = paths.sevGuestDevice();
        if (Files.exists(device)) {
            observed.add("SEV-SNP guest device: " + device);
        } else {
            missing.add("no " + device + " (the sev-guest driver is present only in an SEV-SNP guest; "
                    + "load it with 'modprobe sev-guest')");
        }

        if (tsmPresent) {
            try {
                String provider = new ConfigfsTsmProvider(tsm, reportRoot, OptionalInt.empty()).providerName();
                if (ConfigfsTsmProvider.SEV_GUEST.equals(provider)) {
                    observed.add("TSM provider: " + provider);
                } else {
                    missing.add("TSM provider is '" + provider + "', not " + ConfigfsTsmProvider.SEV_GUEST);
                }
            } catch (AttestationException e) {
                missing.add("cannot read the TSM provider: " + e.getMessage());
            }
        }

        observed.add("CPU flags: " + cpuFlags());
        return new GuestFacts(missing, observed);
    }

    /** Throws unless this is an SEV-SNP guest. */
    public GuestFacts require() throws SecurityViolationException {
        return require(Duration.ZERO);
    }

    /**
     * As {@link #require()}, but first waits up to {@code wait} for the sev-guest device and the report directory to
     * appear; a guest that lacks them after that is judged not to be an SNP guest.
     */
    public GuestFacts require(Duration wait) throws SecurityViolationException {
        long end = System.nanoTime() + wait.toNanos();
        while (!(Files.exists(paths.sevGuestDevice()) && tsm.isDirectory(paths.reportRoot()))
                && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        GuestFacts facts = inspect();
        if (!facts.isSnpGuest()) {
            throw new SecurityViolationException("not an SEV-SNP guest: " + String.join("; ", facts.missing()));
        }
        return facts;
    }

    private String cpuFlags() {
        Path cpuinfo = paths.cpuinfo();
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.US_ASCII)) {
                if (line.startsWith("flags")) {
                    String found = Arrays.stream(
                                    line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                            .filter(CPU_FLAGS::contains)
                            .sorted()
                            .collect(Collectors.joining(" "));
                    return found.isEmpty() ? "(none of sev, sev_es, sev_snp, hypervisor)" : found;
                }
            }
            return "(no flags line in " + cpuinfo + ")";
        } catch (IOException e) {
            return "(" + cpuinfo + " unreadable)";
        }
    }
}
