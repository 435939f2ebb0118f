package dev.snpkm.unlock.report;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of an ATTESTATION_REPORT that {@code kmip-unlock check} shows (offsets of SEV-SNP ABI 56860; all
 * integers little-endian). A display parser only: it checks the size and nothing else, and verifies no signature.
 * The verifying parser is the key manager's (sev-verifier module, not yet in this tree); when it lands, this class
 * should give way to it.
 */
public record SnpReportFacts(int version, int guestSvn, long policy, int vmpl, long platformInfo, int keyInfo,
        byte[] measurement, byte[] hostData, byte[] chipId, int cpuidFamily, int cpuidModel, int cpuidStepping,
        TcbVersion currentTcb, TcbVersion reportedTcb, TcbVersion committedTcb, TcbVersion launchTcb) {

    public static final int REPORT_BYTES = 0x4A0;
    private static final int TURIN_FAMILY = 0x1A;

    public static SnpReportFacts parse(byte[] report) {
        if (report.length != REPORT_BYTES) {
            throw new IllegalArgumentException("an SNP report is " + REPORT_BYTES + " bytes, not " + report.length);
        }
        ByteBuffer b = ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(0x000);
        // CPUID bytes exist from version 3; a v2 report cannot name its family, so the Milan/Genoa layout is assumed.
        int family = version >= 3 ? report[0x188] & 0xFF : 0;
        boolean turin = family == TURIN_FAMILY;
        return new SnpReportFacts(version, b.getInt(0x004), b.getLong(0x008), b.getInt(0x030), b.getLong(0x040),
                b.getInt(0x048), Arrays.copyOfRange(report, 0x090, 0x0C0), Arrays.copyOfRange(report, 0x0C0, 0x0E0),
                Arrays.copyOfRange(report, 0x1A0, 0x1E0), family, version >= 3 ? report[0x189] & 0xFF : 0,
                version >= 3 ? report[0x18A] & 0xFF : 0, new TcbVersion(b.getLong(0x038), turin),
                new TcbVersion(b.getLong(0x180), turin), new TcbVersion(b.getLong(0x1E0), turin),
                new TcbVersion(b.getLong(0x1F0), turin));
    }

    /** POLICY bit 19 (SEV-SNP ABI 56860 guest policy DEBUG): the host may decrypt guest memory. */
    public boolean debugAllowed() {
        return (policy >>> 19 & 1) == 1;
    }

    /** KEY_INFO bits 4:2: which key signed the report. */
    public String signingKey() {
        int sel = keyInfo >>> 2 & 0x7;
        return switch (sel) {
            case 0 -> "VCEK";
            case 1 -> "VLEK";
            case 7 -> "none (unsigned)";
            default -> "reserved (" + sel + ")";
        };
    }

    /** Human-readable lines, in report order. No REPORT_DATA: it is a hash of a nonce and says nothing useful. */
    public Map<String, String> describe() {
        HexFormat hex = HexFormat.of();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Report version", Integer.toString(version));
        m.put("Guest SVN", Integer.toString(guestSvn));
        m.put("Policy", String.format("0x%x (ABI %d.%d, SMT %s, migration agent %s, debug %s, single socket %s)",
                policy, policy >>> 8 & 0xFF, policy & 0xFF, onOff(policy >>> 16), onOff(policy >>> 18),
                onOff(policy >>> 19), onOff(policy >>> 20)));
        m.put("VMPL", Integer.toUnsignedString(vmpl));
        m.put("Measurement", hex.formatHex(measurement));
        m.put("Host data", hex.formatHex(hostData));
        m.put("Chip ID", hex.formatHex(chipId));
        m.put("CPUID", version >= 3 ? String.format("family 0x%02x model 0x%02x stepping %d", cpuidFamily,
                cpuidModel, cpuidStepping) : "(not in report version " + version + ")");
        m.put("Current TCB", currentTcb.toString());
        m.put("Reported TCB", reportedTcb.toString());
        m.put("Committed TCB", committedTcb.toString());
        m.put("Launch TCB", launchTcb.toString());
        m.put("Platform info", String.format("0x%x", platformInfo));
        m.put("Signing key", signingKey());
        return m;
    }

    private static String onOff(long bit) {
        return (bit & 1) == 1 ? "allowed" : "off";
    }

    @Override
    public byte[] measurement() {
        return measurement.clone();
    }

    @Override
    public byte[] hostData() {
        return hostData.clone();
    }

    @Override
    public byte[] chipId() {
        return chipId.clone();
    }
}
