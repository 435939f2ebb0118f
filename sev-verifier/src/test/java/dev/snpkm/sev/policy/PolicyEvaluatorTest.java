package dev.snpkm.sev.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.ReportDecoder;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.verdict.FailureCode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each policy rule on its own: a report that satisfies everything but one rule fails with exactly that rule's code. */
class PolicyEvaluatorTest {
    static final byte[] MEASUREMENT = filled(48, 0x5A);
    static final byte[] HOST_DATA = filled(32, 0x33);
    static final byte[] ID_KEY = filled(48, 0x44);

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static SnpReportBuilder good() {
        return new SnpReportBuilder()
                .product(ProductLine.GENOA)
                .measurement(MEASUREMENT)
                .hostData(HOST_DATA)
                .idKeyDigest(ID_KEY)
                .guestSvn(5);
    }

    static ReleasePolicy strict() {
        return ReleasePolicy.builder("strict")
                .measurements(List.of(HexBytes.of(filled(48, 1)), HexBytes.of(MEASUREMENT)))
                .minimumTcb(Map.of(ProductLine.GENOA, new TcbVersion(0, 10, 0, 23, 84)))
                .products(Set.of(ProductLine.GENOA, ProductLine.TURIN))
                .hostData(HexBytes.of(HOST_DATA))
                .idKeyDigests(List.of(HexBytes.of(ID_KEY)))
                .chipIds(List.of(SnpReportBuilder.defaultChipId(ProductLine.GENOA)))
                .minimumGuestSvn(5)
                .build();
    }

    static AttestationReport report(SnpReportBuilder b) throws Exception {
        return ReportDecoder.decode(b.build());
    }

    @Test
    void compliantReportPassesEveryRule() throws Exception {
        assertThat(PolicyEvaluator.evaluate(report(good()), Optional.of(ProductLine.GENOA), strict(), null))
                .isEmpty();
    }

    /** A floor for some products does not let another product in with none (an older or unpatched host). */
    @Test
    void aProductWithoutAMinimumTcbIsRefusedWhenThePolicySetsOneForOthers() throws Exception {
        ReleasePolicy genoaFloorOnly = ReleasePolicy.builder("genoa-floor")
                .measurements(List.of(HexBytes.of(MEASUREMENT)))
                .minimumTcb(Map.of(ProductLine.GENOA, new TcbVersion(0, 10, 0, 23, 84)))
                .build();
        SnpReportBuilder milanAtZero = good().product(ProductLine.MILAN)
                .chipId(SnpReportBuilder.defaultChipId(ProductLine.MILAN))
                .reportedTcb(new TcbVersion(0, 0, 0, 0, 0).encode(ProductLine.MILAN));

        var failures =
                PolicyEvaluator.evaluate(report(milanAtZero), Optional.of(ProductLine.MILAN), genoaFloorOnly, null);

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FailureCode.TCB_BELOW_MINIMUM);
            assertThat(f.message()).contains("none for MILAN");
        });
        assertThat(PolicyEvaluator.evaluate(report(good()), Optional.of(ProductLine.GENOA), genoaFloorOnly, null))
                .as("the product with a floor, above it")
                .isEmpty();
    }

    static final long GENOA_SNP_22 = new TcbVersion(0, 10, 0, 22, 84).encode(ProductLine.GENOA);

    /**
     * The floor holds for each TCB the report carries. A host on provisional firmware reports CURRENT and REPORTED at
     * the floor with COMMITTED below it and can roll back after the release; a guest launched under vulnerable
     * firmware keeps its LAUNCH_TCB after a hot update.
     */
    static Stream<Arguments> tcbsBelowTheFloor() {
        return Stream.of(
                tcbCase(
                        b -> b.committedTcb(GENOA_SNP_22),
                        "COMMITTED_TCB snp=22 (provisional firmware: the host can roll back to it)"),
                tcbCase(
                        b -> b.launchTcb(GENOA_SNP_22),
                        "LAUNCH_TCB snp=22 (the guest was launched under older firmware: restart it)"),
                tcbCase(b -> b.currentTcb(GENOA_SNP_22), "CURRENT_TCB snp=22"),
                tcbCase(
                        b -> b.reportedTcb(GENOA_SNP_22), // the builder's default for the other three: one failure
                        "REPORTED_TCB snp=22, CURRENT_TCB snp=22, COMMITTED_TCB snp=22, LAUNCH_TCB snp=22"));
    }

    static Arguments tcbCase(UnaryOperator<SnpReportBuilder> change, String named) {
        return Arguments.of(named, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tcbsBelowTheFloor")
    void everyTcbOfTheReportMustMeetTheFloor(String named, UnaryOperator<SnpReportBuilder> change) throws Exception {
        var failures =
                PolicyEvaluator.evaluate(report(change.apply(good())), Optional.of(ProductLine.GENOA), strict(), null);

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FailureCode.TCB_BELOW_MINIMUM);
            assertThat(f.message())
                    .isEqualTo("TCB below the GENOA minimum (fmc=0 bl=10 tee=0 snp=23 ucode=84): " + named);
        });
    }

    @Test
    void turinTcbsAreReadWithTheTurinLayout() throws Exception {
        ReleasePolicy turinFloor = ReleasePolicy.builder("turin")
                .minimumTcb(Map.of(ProductLine.TURIN, SnpReportBuilder.DEFAULT_TCB))
                .build();
        long noFmc = new TcbVersion(0, 10, 0, 23, 84).encode(ProductLine.TURIN);
        SnpReportBuilder launchedWithoutFmc =
                new SnpReportBuilder().product(ProductLine.TURIN).launchTcb(noFmc);

        assertThat(PolicyEvaluator.evaluate(
                        report(launchedWithoutFmc), Optional.of(ProductLine.TURIN), turinFloor, null))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .endsWith("LAUNCH_TCB fmc=0 (the guest was launched under " + "older firmware: restart it)"));
    }

    /** The opt-in for a trial of uncommitted firmware excuses COMMITTED_TCB and nothing else. */
    @Test
    void allowProvisionalFirmwareExcusesOnlyTheCommittedTcb() throws Exception {
        ReleasePolicy provisionalOk =
                strict().toBuilder().allowProvisionalFirmware(true).build();

        assertThat(PolicyEvaluator.evaluate(
                        report(good().committedTcb(GENOA_SNP_22)), Optional.of(ProductLine.GENOA), provisionalOk, null))
                .isEmpty();
        assertThat(PolicyEvaluator.evaluate(
                        report(good().committedTcb(GENOA_SNP_22).launchTcb(GENOA_SNP_22)),
                        Optional.of(ProductLine.GENOA),
                        provisionalOk,
                        null))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("LAUNCH_TCB").doesNotContain("COMMITTED_TCB"));
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(
                        "measurement",
                        (UnaryOperator<SnpReportBuilder>) b -> b.measurement(filled(48, 2)),
                        FailureCode.MEASUREMENT_NOT_ALLOWED),
                Arguments.of(
                        "tcb",
                        (UnaryOperator<SnpReportBuilder>)
                                b -> b.reportedTcb(new TcbVersion(0, 10, 0, 22, 200).encode(ProductLine.GENOA)),
                        FailureCode.TCB_BELOW_MINIMUM),
                Arguments.of(
                        "debug",
                        (UnaryOperator<SnpReportBuilder>) b -> b.policy(0x30000L | 1L << 19),
                        FailureCode.DEBUG_ENABLED),
                Arguments.of(
                        "migration agent policy",
                        (UnaryOperator<SnpReportBuilder>) b -> b.policy(0x30000L | 1L << 18),
                        FailureCode.MIGRATION_AGENT_ALLOWED),
                Arguments.of(
                        "migration agent bound",
                        (UnaryOperator<SnpReportBuilder>) b -> b.reportIdMa(filled(32, 7)),
                        FailureCode.MIGRATION_AGENT_ALLOWED),
                Arguments.of("vmpl", (UnaryOperator<SnpReportBuilder>) b -> b.vmpl(1), FailureCode.VMPL_MISMATCH),
                Arguments.of(
                        "host data",
                        (UnaryOperator<SnpReportBuilder>) b -> b.hostData(filled(32, 0)),
                        FailureCode.HOST_DATA_MISMATCH),
                Arguments.of(
                        "id key",
                        (UnaryOperator<SnpReportBuilder>) b -> b.idKeyDigest(filled(48, 9)),
                        FailureCode.ID_KEY_NOT_ALLOWED),
                Arguments.of(
                        "chip",
                        (UnaryOperator<SnpReportBuilder>)
                                b -> b.chipId(SnpReportBuilder.defaultChipId(ProductLine.MILAN)),
                        FailureCode.CHIP_ID_NOT_ALLOWED),
                Arguments.of(
                        "vlek",
                        (UnaryOperator<SnpReportBuilder>) b -> b.signingKey(SigningKey.VLEK),
                        FailureCode.SIGNING_KEY_NOT_ALLOWED),
                Arguments.of(
                        "guest svn",
                        (UnaryOperator<SnpReportBuilder>) b -> b.guestSvn(4),
                        FailureCode.GUEST_SVN_BELOW_MINIMUM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachViolationIsNamedByItsCode(String name, UnaryOperator<SnpReportBuilder> change, FailureCode expected)
            throws Exception {
        var failures =
                PolicyEvaluator.evaluate(report(change.apply(good())), Optional.of(ProductLine.GENOA), strict(), null);
        assertThat(failures).extracting(f -> f.code()).containsExactly(expected);
        assertThat(failures.get(0).message()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void productOutsideTheAllowListIsRefused() throws Exception {
        var failures = PolicyEvaluator.evaluate(report(good()), Optional.of(ProductLine.MILAN), strict(), null);
        assertThat(failures).extracting(f -> f.code()).contains(FailureCode.PRODUCT_NOT_ALLOWED);
    }

    @Test
    void smtAndSingleSocketRules() throws Exception {
        ReleasePolicy p =
                strict().toBuilder().allowSmt(false).requireSingleSocket(true).build();
        var failures = PolicyEvaluator.evaluate(report(good()), Optional.of(ProductLine.GENOA), p, null);
        assertThat(failures)
                .extracting(f -> f.code())
                .containsExactlyInAnyOrder(FailureCode.SMT_NOT_ALLOWED, FailureCode.SINGLE_SOCKET_REQUIRED);
        var ok = PolicyEvaluator.evaluate(
                report(good().policy(0x20000L | 1L << 20).platformInfo(0)), Optional.of(ProductLine.GENOA), p, null);
        assertThat(ok).isEmpty();
    }

    @Test
    void authorKeyMustBeEnabledAndAllowed() throws Exception {
        byte[] author = filled(48, 0x61);
        ReleasePolicy p = strict().toBuilder()
                .authorKeyDigests(List.of(HexBytes.of(author)))
                .build();
        assertThat(PolicyEvaluator.evaluate(report(good()), Optional.of(ProductLine.GENOA), p, null))
                .extracting(f -> f.code())
                .containsExactly(FailureCode.AUTHOR_KEY_NOT_ALLOWED);
        assertThat(PolicyEvaluator.evaluate(
                        report(good().authorKeyDigest(author)), Optional.of(ProductLine.GENOA), p, null))
                .isEmpty();
    }

    @Test
    void reportDataFromCallerAndFromPolicyAreBothEnforced() throws Exception {
        byte[] rd = filled(64, 0x77);
        AttestationReport r = report(good().reportData(rd));
        assertThat(PolicyEvaluator.evaluate(r, Optional.of(ProductLine.GENOA), strict(), rd))
                .isEmpty();
        byte[] other = rd.clone();
        other[10] = 0;
        assertThat(PolicyEvaluator.evaluate(r, Optional.of(ProductLine.GENOA), strict(), other))
                .extracting(f -> f.code())
                .containsExactly(FailureCode.REPORT_DATA_MISMATCH);
        ReleasePolicy fixed =
                strict().toBuilder().reportData(HexBytes.of(other)).build();
        assertThat(PolicyEvaluator.evaluate(r, Optional.of(ProductLine.GENOA), fixed, null))
                .extracting(f -> f.code())
                .containsExactly(FailureCode.REPORT_DATA_MISMATCH);
    }

    @Test
    void turinChipIdAllowListUsesEightBytes() throws Exception {
        HexBytes chip = SnpReportBuilder.defaultChipId(ProductLine.TURIN);
        ReleasePolicy p =
                ReleasePolicy.builder("t").chipIds(List.of(chip.slice(0, 8))).build();
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.TURIN);
        assertThat(PolicyEvaluator.evaluate(report(b), Optional.of(ProductLine.TURIN), p, null))
                .isEmpty();
    }

    @Test
    void severalViolationsAreAllReported() throws Exception {
        var failures = PolicyEvaluator.evaluate(
                report(good().policy(0x30000L | 1L << 19).vmpl(2).measurement(filled(48, 3))),
                Optional.of(ProductLine.GENOA),
                strict(),
                null);
        assertThat(failures)
                .extracting(f -> f.code())
                .containsExactlyInAnyOrder(
                        FailureCode.DEBUG_ENABLED, FailureCode.VMPL_MISMATCH, FailureCode.MEASUREMENT_NOT_ALLOWED);
    }
}
