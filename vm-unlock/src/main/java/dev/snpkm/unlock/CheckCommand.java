package dev.snpkm.unlock;

import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.ReportDecoder;
import dev.snpkm.unlock.guest.GuestFacts;
import dev.snpkm.unlock.guest.SecurityViolationException;
import dev.snpkm.unlock.guest.SnpGuestCheck;
import dev.snpkm.unlock.report.ReportDescription;
import dev.snpkm.unlock.tsm.ConfigfsTsmProvider;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Show whether this is an SEV-SNP guest and the attestation facts of a fresh report. "
                + "No network traffic.")
final class CheckCommand extends GuardedCommand {
    @Option(names = "--vmpl", paramLabel = "0-3", description = "Request the report at this VMPL (privlevel).")
    Integer vmpl;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file for the guest settings (default /etc/kmip-unlock/kmip-unlock.conf if any).")
    java.nio.file.Path config;

    @picocli.CommandLine.Mixin
    GuestOptions guest;

    CheckCommand(UnlockEnvironment env) {
        super(env);
    }

    @Override
    int execute() throws Exception {
        PrintWriter out = out();
        UnlockSettings settings = UnlockSettings.load(config);
        SnpGuestCheck check = new SnpGuestCheck(settings.guestPaths(guest, env.hostRoot()), env.tsm());
        GuestFacts facts = check.inspect();
        out.println("SEV-SNP guest: " + (facts.isSnpGuest() ? "yes" : "no"));
        facts.observed().forEach(o -> out.println("  " + o));
        facts.missing().forEach(m -> out.println("  missing: " + m));
        if (!facts.isSnpGuest()) {
            out.flush();
            throw new SecurityViolationException("not an SEV-SNP guest: " + String.join("; ", facts.missing()));
        }
        // Random REPORT_DATA: this report proves nothing to anyone, it only shows what a real one will say.
        byte[] reportData = new byte[64];
        new SecureRandom().nextBytes(reportData);
        SnpEvidence evidence = new ConfigfsTsmProvider(
                        env.tsm(), check.reportRoot(), vmpl == null ? OptionalInt.empty() : OptionalInt.of(vmpl))
                .report(reportData);
        AttestationReport report = ReportDecoder.decode(evidence.report());
        ReportDescription.describe(report).forEach((k, v) -> out.println(k + ": " + v));
        out.println("Certificate table: " + evidence.certificateTable().length + " bytes");
        if (report.policy().debugAllowed()) {
            out.println("WARNING: the guest policy allows debugging; the host can read this guest's memory");
        }
        return ExitCodes.OK;
    }
}
