package dev.snpkm.unlock.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnpReportFactsTest {
    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void readsTheFieldsAtTheirSpecOffsets() {
        byte[] report = new SnpReportBuilder().version(3).policy(0x3001fL).vmpl(1).keyInfo(0x4)
                .measurement(filled(48, 0xAB)).hostData(filled(32, 0x11)).chipId(filled(64, 0xCD))
                .cpuid(0x19, 0x01, 1).tcb(0x7300000000000803L).build();

        SnpReportFacts f = SnpReportFacts.parse(report);

        assertThat(f.version()).isEqualTo(3);
        assertThat(f.policy()).isEqualTo(0x3001fL);
        assertThat(f.vmpl()).isEqualTo(1);
        assertThat(f.measurement()).isEqualTo(filled(48, 0xAB));
        assertThat(f.chipId()).isEqualTo(filled(64, 0xCD));
        assertThat(f.signingKey()).isEqualTo("VLEK");
        // Milan layout: bootloader byte 0, TEE byte 1, SNP byte 6, microcode byte 7.
        assertThat(f.currentTcb().bootLoader()).isEqualTo(3);
        assertThat(f.currentTcb().tee()).isEqualTo(8);
        assertThat(f.currentTcb().snp()).isEqualTo(0);
        assertThat(f.currentTcb().microcode()).isEqualTo(0x73);

        Map<String, String> shown = f.describe();
        assertThat(shown.get("Measurement")).isEqualTo(HexFormat.of().formatHex(filled(48, 0xAB)));
        assertThat(shown.get("Policy")).startsWith("0x3001f (ABI 0.31, SMT allowed, migration agent off, debug off");
        assertThat(shown.get("CPUID")).isEqualTo("family 0x19 model 0x01 stepping 1");
    }

    @Test
    void turinReportsUseTheTurinTcbLayout() {
        // A real Turin report's TCB: 0x5100000004010101 = FMC 1, BL 1, TEE 1, SNP 4, microcode 0x51.
        SnpReportFacts f = SnpReportFacts.parse(new SnpReportBuilder().version(5).cpuid(0x1A, 0x02, 1)
                .tcb(0x5100000004010101L).build());

        assertThat(f.currentTcb().turinLayout()).isTrue();
        assertThat(f.currentTcb().snp()).isEqualTo(4);
        assertThat(f.currentTcb().microcode()).isEqualTo(0x51);
        assertThat(f.currentTcb().toString()).contains("FMC 1, bootloader 1, TEE 1, SNP 4, microcode 81");
    }

    @Test
    void debugPolicyIsFlagged() {
        assertThat(SnpReportFacts.parse(new SnpReportBuilder().policy(0xb0000L).build()).debugAllowed()).isTrue();
        assertThat(SnpReportFacts.parse(new SnpReportBuilder().policy(0x30000L).build()).debugAllowed()).isFalse();
    }

    @Test
    void aBufferThatIsNotAReportIsRefused() {
        assertThatThrownBy(() -> SnpReportFacts.parse(new byte[1000])).hasMessageContaining("1184 bytes");
    }
}
