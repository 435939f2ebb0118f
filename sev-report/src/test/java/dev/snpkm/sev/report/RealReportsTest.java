package dev.snpkm.sev.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.sev.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The two real reports in the repository's testdata/sev (provenance: testdata/README.md) decode to the values
 * documented there. Only the model is tested here; that they verify against AMD's chain is sev-verifier's
 * RealVectorsTest.
 */
class RealReportsTest {

    @Test
    void genoaV3DecodesAsDocumented() throws Exception {
        AttestationReport r = ReportDecoder.decode(TestData.read("genoa-v3/report.bin"));

        assertThat(r.version()).isEqualTo(3);
        assertThat(r.policy().raw()).isEqualTo(0x3001fL);
        assertThat(r.policy().abiMajor()).isZero();
        assertThat(r.policy().abiMinor()).isEqualTo(0x1f);
        assertThat(r.policy().smtAllowed()).isTrue();
        assertThat(r.policy().reservedBit17Set()).isTrue();
        assertThat(r.policy().debugAllowed()).isFalse();
        assertThat(r.reportedTcb()).isEqualTo(0x541700000000000aL);
        assertThat(TcbVersion.decode(r.reportedTcb(), ProductLine.GENOA))
                .isEqualTo(new TcbVersion(0, 10, 0, 0x17, 0x54));
        assertThat(r.hasCpuid()).isTrue();
        assertThat(r.cpuidFamily()).isEqualTo(0x19);
        assertThat(r.cpuidModel()).isEqualTo(0x11);
        assertThat(r.cpuidStepping()).isEqualTo(1);
        assertThat(r.productFromCpuid()).contains(ProductLine.GENOA);
        assertSignedByVcekWithP384(r);
    }

    @Test
    void milanV2DecodesAsDocumented() throws Exception {
        AttestationReport r = ReportDecoder.decode(TestData.read("milan-v2/report.bin"));

        assertThat(r.version()).isEqualTo(2);
        assertThat(r.policy().raw()).isEqualTo(0x30000L);
        assertThat(r.reportedTcb()).isEqualTo(0x7308000000000003L);
        assertThat(TcbVersion.decode(r.reportedTcb(), ProductLine.MILAN)).isEqualTo(new TcbVersion(0, 3, 0, 8, 0x73));
        // Version 2 has no CPUID bytes: the product line must come from elsewhere (the VCEK).
        assertThat(r.hasCpuid()).isFalse();
        assertThat(r.productFromCpuid()).isEmpty();
        assertThat(r.hasMitigationVectors()).isFalse();
        assertSignedByVcekWithP384(r);
    }

    /** KEY_INFO names the VCEK, algorithm 1, and R and S are P-384 scalars in 72-byte fields (zero padded). */
    private static void assertSignedByVcekWithP384(AttestationReport r) {
        assertThat(r.keyInfo().signingKey()).contains(SigningKey.VCEK);
        assertThat(r.signatureAlgorithm()).isEqualTo(ReportLayout.SIGNATURE_ALGO_ECDSA_P384_SHA384);
        for (HexBytes component : new HexBytes[] {r.signatureR(), r.signatureS()}) {
            assertThat(component.length()).isEqualTo(ReportLayout.SIGNATURE_COMPONENT_LENGTH);
            assertThat(component.slice(0, ReportLayout.P384_SCALAR_LENGTH).isAllZero())
                    .isFalse();
            assertThat(component
                            .slice(
                                    ReportLayout.P384_SCALAR_LENGTH,
                                    ReportLayout.SIGNATURE_COMPONENT_LENGTH - ReportLayout.P384_SCALAR_LENGTH)
                            .isAllZero())
                    .isTrue();
        }
        byte[] raw = r.raw().toByteArray();
        assertThat(r.signedBytes()).isEqualTo(Arrays.copyOf(raw, 0x2A0));
        assertThat(r.chipId().isAllZero()).isFalse();
        assertThat(r.measurement().isAllZero()).isFalse();
    }
}
