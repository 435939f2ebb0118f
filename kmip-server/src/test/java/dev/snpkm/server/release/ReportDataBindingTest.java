package dev.snpkm.server.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.release.ReportDataBinding;
import org.junit.jupiter.api.Test;

/** The gate's side of the binding (kmip-core's definition) against the guest fixture's own copy of the formula. */
class ReportDataBindingTest {
    static final byte[] NONCE = GateFixture.filled(32, 0x42);

    @Test
    void matchesTheGuestSideFormulaForAWrappingKeyAndForNoKey() {
        assertThat(ReportDataBinding.reportData(NONCE, GateFixture.OTHER_SPKI))
                .hasSize(64)
                .isEqualTo(GateFixture.guestReportData(NONCE, GateFixture.OTHER_SPKI));
        assertThat(ReportDataBinding.reportData(NONCE, (byte[]) null))
                .isEqualTo(GateFixture.guestReportData(NONCE, null));
    }

    @Test
    void differentKeysAndNoncesGiveDifferentBindings() {
        byte[] base = ReportDataBinding.reportData(NONCE, GateFixture.OTHER_SPKI);
        assertThat(ReportDataBinding.reportData(NONCE, (byte[]) null)).isNotEqualTo(base);
        assertThat(ReportDataBinding.reportData(GateFixture.filled(32, 0x43), GateFixture.OTHER_SPKI))
                .isNotEqualTo(base);
    }
}
