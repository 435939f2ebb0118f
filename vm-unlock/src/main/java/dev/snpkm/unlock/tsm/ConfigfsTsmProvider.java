package dev.snpkm.unlock.tsm;

import dev.snpkm.client.attestation.AttestationException;
import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.sev.report.ReportLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * SEV-SNP reports through the Linux configfs-tsm ABI (kernel Documentation/ABI/testing/configfs-tsm-report): mkdir an
 * entry under {@code /sys/kernel/config/tsm/report}, write {@code privlevel} (optional) and exactly 64 bytes to
 * {@code inblob}, read {@code outblob} (the 1184-byte report) and {@code auxblob} (the certificate table), compare
 * {@code generation} to detect a concurrent writer, rmdir the entry.
 *
 * <p>One entry per request, named uniquely, so concurrent callers do not share inblob.
 */
public final class ConfigfsTsmProvider implements AttestationProvider {
    /** The provider name the sev-guest driver registers. */
    public static final String SEV_GUEST = "sev_guest";

    public static final Path DEFAULT_REPORT_ROOT = Path.of("/sys/kernel/config/tsm/report");
    /** TSM_PRIVLEVEL_MAX. */
    private static final int MAX_PRIVLEVEL = 3;

    private final TsmFilesystem fs;
    private final Path reportRoot;
    private final OptionalInt privlevel;

    /**
     * @param reportRoot the {@code tsm/report} directory
     * @param privlevel the VMPL to request, or empty for the kernel's default (the level the OS runs at)
     */
    public ConfigfsTsmProvider(TsmFilesystem fs, Path reportRoot, OptionalInt privlevel) {
        if (privlevel.isPresent() && (privlevel.getAsInt() < 0 || privlevel.getAsInt() > MAX_PRIVLEVEL)) {
            throw new IllegalArgumentException("privlevel must be 0.." + MAX_PRIVLEVEL);
        }
        this.fs = fs;
        this.reportRoot = reportRoot;
        this.privlevel = privlevel;
    }

    @Override
    public SnpEvidence report(byte[] reportData) throws AttestationException {
        if (reportData.length != REPORT_DATA_BYTES) {
            // The SEV provider returns EINVAL for anything but exactly 64 bytes (kernel sev-guest.c).
            throw new IllegalArgumentException("REPORT_DATA must be exactly 64 bytes, not " + reportData.length);
        }
        Path entry = newEntry();
        try {
            requireSevGuest(entry);
            long before = generation(entry);
            int writes = 0;
            if (privlevel.isPresent()) {
                fs.write(
                        entry.resolve("privlevel"),
                        Integer.toString(privlevel.getAsInt()).getBytes(StandardCharsets.US_ASCII));
                writes++;
            }
            fs.write(entry.resolve("inblob"), reportData);
            writes++;
            long afterWrite = generation(entry);
            byte[] report = fs.read(entry.resolve("outblob"));
            byte[] certs = fs.exists(entry.resolve("auxblob")) ? fs.read(entry.resolve("auxblob")) : new byte[0];
            long afterRead = generation(entry);
            if (afterWrite != before + writes || afterRead != afterWrite) {
                throw new AttestationException("another process wrote to the TSM report entry " + entry
                        + " while the report was requested (generation " + before + " -> " + afterRead
                        + "); request a new report");
            }
            if (report.length != SnpEvidence.REPORT_BYTES) {
                throw new AttestationException("configfs-tsm returned a " + report.length + "-byte outblob; an SNP "
                        + "report is " + SnpEvidence.REPORT_BYTES + " bytes");
            }
            // A report over other REPORT_DATA (a writer the generation count did not catch, a faulty provider) would
            // only be refused by the key manager, as an attestation failure that names no cause; say it here.
            byte[] signed =
                    Arrays.copyOfRange(report, ReportLayout.REPORT_DATA, ReportLayout.REPORT_DATA + REPORT_DATA_BYTES);
            if (!MessageDigest.isEqual(signed, reportData)) {
                throw new AttestationException("configfs-tsm returned a report whose REPORT_DATA is not the one "
                        + "written to " + entry.resolve("inblob") + "; request a new report");
            }
            return new SnpEvidence(report, certs);
        } catch (IOException e) {
            throw new AttestationException("configfs-tsm report request failed at " + entry + ": " + e, e);
        } finally {
            remove(entry);
        }
    }

    /** The TSM provider name (e.g. "sev_guest", "tdx_guest"), read from a short-lived entry. */
    public String providerName() throws AttestationException {
        Path entry = newEntry();
        try {
            return provider(entry);
        } catch (IOException e) {
            throw new AttestationException("cannot read the TSM provider at " + entry + ": " + e, e);
        } finally {
            remove(entry);
        }
    }

    private Path newEntry() throws AttestationException {
        if (!fs.isDirectory(reportRoot)) {
            throw new AttestationException("configfs-tsm is not available: " + reportRoot + " is not a directory "
                    + "(needs Linux >= 6.7, configfs mounted, and an SNP guest)");
        }
        Path entry = reportRoot.resolve("kmip-unlock-" + UUID.randomUUID());
        try {
            fs.createEntry(entry);
        } catch (IOException e) {
            throw new AttestationException("cannot create TSM report entry " + entry + ": " + e, e);
        }
        return entry;
    }

    private void requireSevGuest(Path entry) throws IOException, AttestationException {
        String provider = provider(entry);
        if (!SEV_GUEST.equals(provider)) {
            throw new AttestationException(
                    "TSM provider is '" + provider + "', not " + SEV_GUEST + ": this is not an SEV-SNP guest");
        }
    }

    private String provider(Path entry) throws IOException {
        return new String(fs.read(entry.resolve("provider")), StandardCharsets.US_ASCII).trim();
    }

    private long generation(Path entry) throws IOException, AttestationException {
        String text = new String(fs.read(entry.resolve("generation")), StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new AttestationException("unreadable TSM generation '" + text + "' at " + entry, e);
        }
    }

    private void remove(Path entry) {
        try {
            fs.removeEntry(entry);
        } catch (IOException e) {
            // A leftover entry holds no secret (REPORT_DATA is a hash); the next request uses a new name.
        }
    }
}
