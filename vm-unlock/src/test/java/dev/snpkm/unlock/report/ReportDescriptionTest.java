package dev.snpkm.unlock.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.ReportDecoder;
import dev.snpkm.sev.report.ReportFormatException;
import dev.snpkm.sev.testing.UnsignedReportBuilder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportDescriptionTest {
    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static Map<String, String> describe(UnsignedReportBuilder report) throws ReportFormatException {
        return ReportDescription.describe(ReportDecoder.decode(report.build()));
    }

    @Test
    void showsTheFieldsReadAtTheirSpecOffsets() throws Exception {
        Map<String, String> shown = describe(new UnsignedReportBuilder()
                .version(3)
                .policy(0x3001fL)
                .vmpl(1)
                .keyInfo(0x4)
                .measurement(filled(48, 0xAB))
                .hostData(filled(32, 0x11))
                .chipId(filled(64, 0xCD))
                .cpuid(0x19, 0x01, 1)
                .tcb(0x7300000000000803L));

        assertThat(shown.get("Report version")).isEqualTo("3");
        assertThat(shown.get("VMPL")).isEqualTo("1");
        assertThat(shown.get("Measurement")).isEqualTo(HexFormat.of().formatHex(filled(48, 0xAB)));
        assertThat(shown.get("Host data")).isEqualTo(HexFormat.of().formatHex(filled(32, 0x11)));
        assertThat(shown.get("Chip ID")).isEqualTo(HexFormat.of().formatHex(filled(64, 0xCD)));
        assertThat(shown.get("Signing key")).isEqualTo("VLEK");
        assertThat(shown.get("Policy"))
                .isEqualTo("0x3001f (ABI 0.31, SMT allowed, migration agent off, debug off, single socket off)");
        assertThat(shown.get("CPUID")).isEqualTo("family 0x19 model 0x01 stepping 1");
        // Milan layout: bootloader byte 0, TEE byte 1, SNP byte 6, microcode byte 7.
        assertThat(shown.get("Current TCB"))
                .isEqualTo("0x7300000000000803 (bootloader 3, TEE 8, SNP 0, microcode 115)");
        assertThat(shown.get("Launch TCB")).isEqualTo(shown.get("Current TCB"));
        assertThat(shown).doesNotContainKey("Report data");
    }

    @Test
    void turinReportsUseTheTurinTcbLayout() throws Exception {
        // A real Turin report's TCB: 0x5100000004010101 = FMC 1, BL 1, TEE 1, SNP 4, microcode 0x51.
        Map<String, String> shown = describe(
                new UnsignedReportBuilder().version(5).cpuid(0x1A, 0x02, 1).tcb(0x5100000004010101L));

        assertThat(shown.get("Reported TCB"))
                .isEqualTo("0x5100000004010101 (FMC 1, bootloader 1, TEE 1, SNP 4, microcode 81)");
    }

    @Test
    void aVersion2ReportHasNoCpuidAndTheMilanLayout() throws Exception {
        Map<String, String> shown = describe(
                new UnsignedReportBuilder().version(2).cpuid(0x1A, 0x02, 1).tcb(0x7308000000000003L));

        assertThat(shown.get("CPUID")).isEqualTo("(not in report version 2)");
        assertThat(shown.get("Committed TCB"))
                .isEqualTo("0x7308000000000003 (bootloader 3, TEE 0, SNP 8, microcode 115)");
    }

    @Test
    void signingKeysAreNamedAndReservedValuesShown() throws Exception {
        assertThat(describe(new UnsignedReportBuilder().keyInfo(0)).get("Signing key"))
                .isEqualTo("VCEK");
        assertThat(describe(new UnsignedReportBuilder().keyInfo(7 << 2)).get("Signing key"))
                .isEqualTo("none (unsigned)");
        assertThat(describe(new UnsignedReportBuilder().keyInfo(3 << 2)).get("Signing key"))
                .isEqualTo("reserved (3)");
    }

    @Test
    void debugPolicyIsFlagged() throws Exception {
        AttestationReport debug = ReportDecoder.decode(
                new UnsignedReportBuilder().policy(0xb0000L).build());
        assertThat(debug.policy().debugAllowed()).isTrue();
        assertThat(ReportDescription.describe(debug).get("Policy")).contains("debug allowed");
        assertThat(ReportDecoder.decode(
                                new UnsignedReportBuilder().policy(0x30000L).build())
                        .policy()
                        .debugAllowed())
                .isFalse();
    }
}
