package dev.snpkm.unlock.report;

import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.GuestPolicy;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lines {@code kmip-unlock check} shows for a report decoded by sev-report (the key manager's own report model,
 * JDK only, so no Bouncy Castle in the initramfs). Display only: nothing here verifies a signature.
 */
public final class ReportDescription {
    /** CPUID family 1Ah (Turin) splits TCB_VERSION differently (SEV-SNP ABI 56860 TCB_VERSION). */
    private static final int TURIN_FAMILY = 0x1A;

    private ReportDescription() {}

    /** Human-readable lines, in report order. No REPORT_DATA: it is a hash of a nonce and says nothing useful. */
    public static Map<String, String> describe(AttestationReport r) {
        GuestPolicy policy = r.policy();
        // A v2 report cannot name its family, so the Milan/Genoa layout is assumed.
        ProductLine layout = r.hasCpuid() && r.cpuidFamily() == TURIN_FAMILY ? ProductLine.TURIN : ProductLine.GENOA;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Report version", Integer.toString(r.version()));
        m.put("Guest SVN", Long.toString(r.guestSvn()));
        m.put(
                "Policy",
                String.format(
                        "0x%x (ABI %d.%d, SMT %s, migration agent %s, debug %s, single socket %s)",
                        policy.raw(),
                        policy.abiMajor(),
                        policy.abiMinor(),
                        onOff(policy.smtAllowed()),
                        onOff(policy.migrateMaAllowed()),
                        onOff(policy.debugAllowed()),
                        onOff(policy.singleSocketRequired())));
        m.put("VMPL", Long.toString(r.vmpl()));
        m.put("Measurement", r.measurement().hex());
        m.put("Host data", r.hostData().hex());
        m.put("Chip ID", r.chipId().hex());
        m.put(
                "CPUID",
                r.hasCpuid()
                        ? String.format(
                                "family 0x%02x model 0x%02x stepping %d",
                                r.cpuidFamily(), r.cpuidModel(), r.cpuidStepping())
                        : "(not in report version " + r.version() + ")");
        m.put("Current TCB", tcb(r.currentTcb(), layout));
        m.put("Reported TCB", tcb(r.reportedTcb(), layout));
        m.put("Committed TCB", tcb(r.committedTcb(), layout));
        m.put("Launch TCB", tcb(r.launchTcb(), layout));
        m.put("Platform info", String.format("0x%x", r.platformInfo().raw()));
        m.put("Signing key", signingKey(r));
        return m;
    }

    /** The raw TCB_VERSION and its parts, e.g. {@code 0x5100000004010101 (FMC 1, bootloader 1, ...)}. */
    static String tcb(long raw, ProductLine layout) {
        TcbVersion t = TcbVersion.decode(raw, layout);
        return String.format(
                "0x%016x (%sbootloader %d, TEE %d, SNP %d, microcode %d)",
                raw,
                layout.turinTcbLayout() ? "FMC " + t.fmc() + ", " : "",
                t.bootLoader(),
                t.tee(),
                t.snp(),
                t.microcode());
    }

    /** KEY_INFO bits 4:2: which key signed the report. */
    static String signingKey(AttestationReport r) {
        return r.keyInfo()
                .signingKey()
                .map(k -> k == SigningKey.NONE ? "none (unsigned)" : k.name())
                .orElse("reserved (" + r.keyInfo().signingKeyField() + ")");
    }

    private static String onOff(boolean allowed) {
        return allowed ? "allowed" : "off";
    }
}
