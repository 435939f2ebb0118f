package dev.snpkm.server.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportDataBindingTest {
    static final byte[] NONCE = GateFixture.filled(32, 0x42);

    @Test
    void matchesTheGuestSideFormulaForAWrappingKeyAndForNoKey() {
        assertThat(ReportDataBinding.expected(NONCE, GateFixture.OTHER_SPKI))
                .hasSize(64).isEqualTo(GateFixture.guestReportData(NONCE, GateFixture.OTHER_SPKI));
        assertThat(ReportDataBinding.expected(NONCE, null)).isEqualTo(GateFixture.guestReportData(NONCE, null));
    }

    @Test
    void differentKeysAndNoncesGiveDifferentBindings() {
        byte[] base = ReportDataBinding.expected(NONCE, GateFixture.OTHER_SPKI);
        assertThat(ReportDataBinding.expected(NONCE, null)).isNotEqualTo(base);
        assertThat(ReportDataBinding.expected(GateFixture.filled(32, 0x43), GateFixture.OTHER_SPKI))
                .isNotEqualTo(base);
    }
}
