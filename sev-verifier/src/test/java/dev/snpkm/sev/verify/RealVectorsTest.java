package dev.snpkm.sev.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.sev.cert.CertTableGuid;
import dev.snpkm.sev.cert.CertificateTable;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.ReportLayout;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.TestData;
import dev.snpkm.sev.verdict.FailureCode;
import dev.snpkm.sev.verdict.Verdict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two real reports in testdata/sev against AMD's real, bundled certificates. Both VCEKs are valid on
 * 2026-11-26 (Milan until 2030-04-03, Genoa until 2033-02-05), so the verifier runs with a clock pinned to that
 * date — pinned so the tests do not start failing when the certificates expire; CERT_EXPIRED is tested by moving
 * the clock past notAfter.
 */
class RealVectorsTest {
    static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    static ReportVerifier verifier(Clock clock) {
        return ReportVerifier.builder().clock(clock).build();
    }

    static byte[] report(String dir) {
        return TestData.read(dir + "/report.bin");
    }

    static byte[] vcek(String dir) {
        return TestData.read(dir + "/vcek.der");
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("milan-v2", ProductLine.MILAN, 2), Arguments.of("genoa-v3", ProductLine.GENOA, 3));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void realReportVerifiesWithRealAmdChain(String dir, ProductLine product, int version) {
        Verdict v = verifier(TODAY).verifyAuthenticity(report(dir), null, vcek(dir), null);
        assertThat(v.failures()).isEmpty();
        assertThat(v.accepted()).isTrue();
        assertThat(v.product()).contains(product);
        assertThat(v.signingKey()).contains(SigningKey.VCEK);
        assertThat(v.report().orElseThrow().version()).isEqualTo(version);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void realReportVerifiesFromACertificateTableWithPemEntry(String dir, ProductLine product, int version) {
        byte[] pem = ("-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(vcek(dir))
                        + "\n-----END CERTIFICATE-----\n")
                .getBytes();
        byte[] table = new CertificateTable(
                        List.of(new CertificateTable.Entry(CertTableGuid.VCEK.uuid(), HexBytes.of(pem))))
                .encode();
        Verdict v = verifier(TODAY).verifyAuthenticity(report(dir), table, null, null);
        assertThat(v.failures()).isEmpty();
        assertThat(v.vek().orElseThrow().source()).isEqualTo("cert-table");
    }

    @Test
    void genoaReportFieldsDecodeAsDocumented() {
        Verdict v = verifier(TODAY).verifyAuthenticity(report("genoa-v3"), null, vcek("genoa-v3"), null);
        var r = v.report().orElseThrow();
        assertThat(r.policy().raw()).isEqualTo(0x3001fL);
        assertThat(r.reportedTcb()).isEqualTo(0x541700000000000aL);
        assertThat(r.cpuidFamily()).isEqualTo(0x19);
        assertThat(r.cpuidModel()).isEqualTo(0x11);
        assertThat(r.cpuidStepping()).isEqualTo(1);
    }

    @Test
    void milanV2UsesVcekProductNameForTheProductLine() {
        Verdict v = verifier(TODAY).verifyAuthenticity(report("milan-v2"), null, vcek("milan-v2"), null);
        assertThat(v.report().orElseThrow().hasCpuid()).isFalse();
        assertThat(v.vek().orElseThrow().productName()).startsWith("Milan");
        assertThat(v.product()).contains(ProductLine.MILAN);
    }

    @Test
    void expiredVcekIsRefused() {
        Clock after = Clock.fixed(Instant.parse("2034-01-01T00:00:00Z"), ZoneOffset.UTC);
        Verdict v = verifier(after).verifyAuthenticity(report("genoa-v3"), null, vcek("genoa-v3"), null);
        assertThat(v.failureCodes()).containsExactly(FailureCode.CERT_EXPIRED);
        assertThat(v.failures().get(0).message()).contains("SEV-VCEK").contains("2033-02-05");
    }

    @Test
    void wrongProductIsRefused() {
        Verdict v = ReportVerifier.builder()
                .clock(TODAY)
                .assumedProduct(ProductLine.MILAN)
                .build()
                .verifyAuthenticity(report("genoa-v3"), null, vcek("genoa-v3"), null);
        assertThat(v.failureCodes()).contains(FailureCode.PRODUCT_MISMATCH);
        Verdict v2 = ReportVerifier.builder()
                .clock(TODAY)
                .assumedProduct(ProductLine.GENOA)
                .build()
                .verifyAuthenticity(report("milan-v2"), null, vcek("milan-v2"), null);
        assertThat(v2.failureCodes()).contains(FailureCode.PRODUCT_MISMATCH, FailureCode.CHAIN_INVALID);
    }

    @Test
    void vcekOfTheOtherVectorIsRefused() {
        Verdict v = verifier(TODAY).verifyAuthenticity(report("genoa-v3"), null, vcek("milan-v2"), null);
        assertThat(v.failureCodes())
                .contains(
                        FailureCode.PRODUCT_MISMATCH,
                        FailureCode.SIGNATURE_INVALID,
                        FailureCode.TCB_MISMATCH,
                        FailureCode.CHIP_ID_MISMATCH);
    }

    @Test
    void wrongChainIsRefused() {
        // The Genoa VCEK checked against Genoa roots whose ASK is swapped for Milan's cannot be built: instead, assume
        // Genoa for the Milan v2 report, so its Milan VCEK is checked against the pinned Genoa ASK.
        Verdict v = ReportVerifier.builder()
                .clock(TODAY)
                .assumedProduct(ProductLine.GENOA)
                .build()
                .verifyAuthenticity(report("milan-v2"), null, vcek("milan-v2"), null);
        assertThat(v.failures()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FailureCode.CHAIN_INVALID);
            assertThat(f.message()).contains("SEV-Milan").contains("SEV-Genoa");
        });
    }

    /** Each tampered field must be refused with the reason that names it. */
    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("measurement", ReportLayout.MEASUREMENT, FailureCode.SIGNATURE_INVALID),
                Arguments.of("report data", ReportLayout.REPORT_DATA + 5, FailureCode.SIGNATURE_INVALID),
                Arguments.of("host data", ReportLayout.HOST_DATA, FailureCode.SIGNATURE_INVALID),
                Arguments.of("guest svn", ReportLayout.GUEST_SVN, FailureCode.SIGNATURE_INVALID),
                Arguments.of("vmpl", ReportLayout.VMPL, FailureCode.SIGNATURE_INVALID),
                Arguments.of("reported tcb", ReportLayout.REPORTED_TCB, FailureCode.TCB_MISMATCH),
                Arguments.of("chip id", ReportLayout.CHIP_ID + 3, FailureCode.CHIP_ID_MISMATCH),
                Arguments.of("reserved 0x4c", ReportLayout.RESERVED_04C, FailureCode.RESERVED_FIELD_NONZERO),
                Arguments.of("reserved 0x1eb", ReportLayout.RESERVED_1EB, FailureCode.RESERVED_FIELD_NONZERO),
                Arguments.of("reserved 0x250", 0x250, FailureCode.RESERVED_FIELD_NONZERO),
                Arguments.of("signature r", ReportLayout.SIGNATURE_R, FailureCode.SIGNATURE_INVALID),
                Arguments.of("signature s", ReportLayout.SIGNATURE_S + 47, FailureCode.SIGNATURE_INVALID),
                Arguments.of(
                        "signature r padding", ReportLayout.SIGNATURE_R + 60, FailureCode.SIGNATURE_PADDING_NONZERO),
                Arguments.of(
                        "signature s padding", ReportLayout.SIGNATURE_S + 48, FailureCode.SIGNATURE_PADDING_NONZERO),
                Arguments.of("unsigned signature tail", 0x400, FailureCode.RESERVED_FIELD_NONZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void tamperedRealReportIsRefusedWithTheRightReason(String field, int offset, FailureCode expected) {
        byte[] r = report("genoa-v3");
        r[offset] ^= 0x01;
        Verdict v = verifier(TODAY).verifyAuthenticity(r, null, vcek("genoa-v3"), null);
        assertThat(v.accepted()).isFalse();
        assertThat(v.failureCodes()).contains(expected);
    }

    @Test
    void signaturePaddingIsRefusedEvenThoughTheSignatureOtherwiseVerifies() {
        byte[] r = report("genoa-v3");
        r[ReportLayout.SIGNATURE_R + 71] = 0x7F;
        Verdict v = verifier(TODAY).verifyAuthenticity(r, null, vcek("genoa-v3"), null);
        assertThat(v.failureCodes()).contains(FailureCode.SIGNATURE_PADDING_NONZERO);
    }

    @Test
    void policyBit17ZeroIsRefused() {
        byte[] r = report("milan-v2");
        r[ReportLayout.POLICY + 2] &= (byte) ~0x02;
        Verdict v = verifier(TODAY).verifyAuthenticity(r, null, vcek("milan-v2"), null);
        assertThat(v.failureCodes()).contains(FailureCode.POLICY_RESERVED_BITS, FailureCode.SIGNATURE_INVALID);
    }

    @Test
    void unknownSignatureAlgorithmAndVersionAreRefused() {
        byte[] r = report("genoa-v3");
        ByteBuffer.wrap(r)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(ReportLayout.SIGNATURE_ALGO, 2)
                .putInt(ReportLayout.VERSION, 6);
        Verdict v = verifier(TODAY).verifyAuthenticity(r, null, vcek("genoa-v3"), null);
        assertThat(v.failureCodes())
                .contains(FailureCode.SIGNATURE_ALGORITHM_UNSUPPORTED, FailureCode.REPORT_VERSION_UNSUPPORTED);
    }

    @Test
    void wrongSizeIsRefusedWithoutCrashing() {
        byte[] r = java.util.Arrays.copyOf(report("genoa-v3"), 1183);
        Verdict v = verifier(TODAY).verifyAuthenticity(r, null, vcek("genoa-v3"), null);
        assertThat(v.failureCodes()).containsExactly(FailureCode.REPORT_MALFORMED);
        assertThat(v.failures().get(0).message()).contains("1184").contains("1183");
    }

    @Test
    void expectedReportDataIsComparedExactly() {
        byte[] r = report("genoa-v3");
        byte[] rd = java.util.Arrays.copyOfRange(r, ReportLayout.REPORT_DATA, ReportLayout.REPORT_DATA + 64);
        assertThat(verifier(TODAY)
                        .verifyAuthenticity(r, null, vcek("genoa-v3"), rd)
                        .accepted())
                .isTrue();
        rd[63] ^= 1;
        assertThat(verifier(TODAY)
                        .verifyAuthenticity(r, null, vcek("genoa-v3"), rd)
                        .failureCodes())
                .containsExactly(FailureCode.REPORT_DATA_MISMATCH);
    }
}
