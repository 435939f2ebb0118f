package dev.snpkm.sev.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.sev.cert.CertTableGuid;
import dev.snpkm.sev.cert.CertificateTable;
import dev.snpkm.sev.cert.OfflineVekDirectory;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.ReportLayout;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.sev.testing.TestVek;
import dev.snpkm.sev.testing.VekSpec;
import dev.snpkm.sev.verdict.FailureCode;
import dev.snpkm.sev.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reports generated and signed with the test AMD hierarchy: every product line, version and signing key. */
class GeneratedReportsTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    static final TestAmdHierarchy H = TestAmdHierarchy.get();
    static final ReleasePolicy ANY_KEY = ReleasePolicy.builder("test")
            .signingKeys(Set.of(SigningKey.VCEK, SigningKey.VLEK))
            .build();

    static ReportVerifier verifier() {
        return ReportVerifier.builder().roots(H.rootStore()).clock(NOW).build();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (ProductLine p : ProductLine.values()) {
            for (int v : new int[] {2, 3, 4, 5}) {
                for (SigningKey k : new SigningKey[] {SigningKey.VCEK, SigningKey.VLEK}) {
                    out.add(Arguments.of(p, v, k));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} v{1} {2}")
    @MethodSource("matrix")
    void generatedReportVerifiesOnEveryProductVersionAndKey(ProductLine p, int version, SigningKey kind) {
        byte[] rd = new byte[64];
        rd[0] = (byte) version;
        TestEvidence e = TestEvidence.generate(
                new SnpReportBuilder()
                        .version(version)
                        .product(p)
                        .reportData(rd)
                        .mitigationVectors(version >= 5 ? 0x3 : 0, version >= 5 ? 0x7 : 0),
                kind);
        Verdict v = verifier().verify(e.report(), e.certTable(), rd, ANY_KEY);
        if (p == ProductLine.TURIN && version == 2) {
            // Turin needs v3+ (CPUID) to pick its TCB layout; Trustee and snpguest refuse Turin v2 too.
            assertThat(v.failureCodes()).containsExactly(FailureCode.REPORT_VERSION_UNSUPPORTED);
            return;
        }
        assertThat(v.failures()).isEmpty();
        assertThat(v.product()).contains(p);
        assertThat(v.signingKey()).contains(kind);
        assertThat(v.vek().orElseThrow().kind()).isEqualTo(kind);
        if (version >= 5) {
            assertThat(v.report().orElseThrow().launchMitVector()).isEqualTo(3);
            assertThat(v.report().orElseThrow().currentMitVector()).isEqualTo(7);
        }
    }

    @Test
    void aSavedAndReloadedVcekSignsReportsThatChainToTheHierarchy(@TempDir Path vekDir) throws Exception {
        SnpReportBuilder b = new SnpReportBuilder();
        TestVek issued = H.issue(VekSpec.vcek(b.product(), b.effectiveChipId(), b.effectiveReportedTcb()));
        issued.save(vekDir);
        TestVek loaded = TestVek.load(vekDir);
        assertThat(loaded.der()).isEqualTo(issued.der());

        TestEvidence e = TestEvidence.signWith(new SnpReportBuilder(), loaded, SigningKey.VCEK);
        assertThat(verifier().verify(e.report(), e.certTable(), null, ANY_KEY).failures())
                .isEmpty();
        TestVek stranger = H.issue(VekSpec.vcek(b.product(), b.effectiveChipId(), b.effectiveReportedTcb()));
        TestEvidence forged = TestEvidence.signWith(
                new SnpReportBuilder(), new TestVek(loaded.certificate(), stranger.keyPair()), SigningKey.VCEK);
        assertThat(verifier()
                        .verify(forged.report(), forged.certTable(), null, ANY_KEY)
                        .failures())
                .isNotEmpty();
    }

    @Test
    void turinTcbUsesTheFmcLayout() {
        long raw = new TcbVersion(1, 2, 3, 4, 0x51).encode(ProductLine.TURIN);
        assertThat(raw).isEqualTo(0x5100000004030201L);
        TestEvidence e = TestEvidence.generate(
                new SnpReportBuilder().product(ProductLine.TURIN).version(5).reportedTcb(raw), SigningKey.VCEK);
        assertThat(verifier().verify(e.report(), e.certTable(), null, ANY_KEY).failures())
                .isEmpty();
    }

    @Test
    void pemEntriesInTheCertificateTableAreAccepted() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.MILAN);
        TestVek vek = H.issue(VekSpec.vcek(ProductLine.MILAN, b.effectiveChipId(), b.effectiveReportedTcb()));
        byte[] report = b.sign(vek.keyPair());
        Verdict v = verifier().verify(report, TestEvidence.certTable(vek, SigningKey.VCEK, true, false), null, ANY_KEY);
        assertThat(v.failures()).isEmpty();
    }

    @Test
    void hwIdWrappedInAnOctetStringIsAccepted() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.GENOA);
        byte[] chip = b.effectiveChipId().toByteArray();
        byte[] wrapped = new byte[66];
        wrapped[0] = 0x04;
        wrapped[1] = 64;
        System.arraycopy(chip, 0, wrapped, 2, 64);
        TestVek vek = H.issue(VekSpec.vcek(ProductLine.GENOA, b.effectiveChipId(), b.effectiveReportedTcb())
                .withHwIdExtensionBytes(HexBytes.of(wrapped)));
        Verdict v = verifier().verifyWithVek(b.sign(vek.keyPair()), vek.der(), null, ANY_KEY);
        assertThat(v.failures()).isEmpty();
    }

    @Test
    void vcekSignedByAnotherProductsAskIsRefused() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.GENOA);
        TestVek vek = H.issue(VekSpec.vcek(ProductLine.GENOA, b.effectiveChipId(), b.effectiveReportedTcb())
                .withIssuerProduct(ProductLine.MILAN));
        Verdict v = verifier().verifyWithVek(b.sign(vek.keyPair()), vek.der(), null, ANY_KEY);
        assertThat(v.failureCodes()).containsExactly(FailureCode.CHAIN_INVALID);
    }

    @Test
    void selfMadeHierarchyIsNotTrustedByTheRealRoots() {
        TestEvidence e = TestEvidence.generate(new SnpReportBuilder().product(ProductLine.GENOA), SigningKey.VCEK);
        Verdict v = ReportVerifier.builder().clock(NOW).build().verify(e.report(), e.certTable(), null, ANY_KEY);
        assertThat(v.failureCodes()).containsExactly(FailureCode.CHAIN_INVALID);
    }

    @Test
    void expiredVlekIsRefusedButAcceptedWithAClockInItsValidityPeriod() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.MILAN).signingKey(SigningKey.VLEK);
        TestVek vlek =
                H.issue(VekSpec.vlek(ProductLine.MILAN, b.effectiveReportedTcb(), "CN=cc-us-east-2.amazonaws.com")
                        .withValidity(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z")));
        byte[] report = b.sign(vlek.keyPair());
        byte[] table = TestEvidence.certTable(vlek, SigningKey.VLEK, false, false);
        assertThat(verifier().verify(report, table, null, ANY_KEY).failureCodes())
                .containsExactly(FailureCode.CERT_EXPIRED);
        Verdict then = ReportVerifier.builder()
                .roots(H.rootStore())
                .clock(Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC))
                .build()
                .verify(report, table, null, ANY_KEY);
        assertThat(then.failures()).isEmpty();
    }

    @Test
    void vekOfTheWrongKindIsRefused() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.GENOA);
        TestVek vlek = H.issue(VekSpec.vlek(ProductLine.GENOA, b.effectiveReportedTcb(), "CN=csp"));
        byte[] report = b.signingKey(SigningKey.VCEK).sign(vlek.keyPair());
        // KEY_INFO says VCEK; the host put a VLEK under the VCEK GUID.
        byte[] table = new CertificateTable(
                        List.of(new CertificateTable.Entry(CertTableGuid.VCEK.uuid(), HexBytes.of(vlek.der()))))
                .encode();
        assertThat(verifier().verify(report, table, null, ANY_KEY).failureCodes())
                .contains(FailureCode.VEK_KIND_MISMATCH);
    }

    @Test
    void tcbAndChipMismatchesAreNamed() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.MILAN);
        TestVek vek = H.issue(VekSpec.vcek(
                ProductLine.MILAN, SnpReportBuilder.defaultChipId(ProductLine.GENOA), b.effectiveReportedTcb() - 1));
        Verdict v = verifier().verifyWithVek(b.sign(vek.keyPair()), vek.der(), null, ANY_KEY);
        assertThat(v.failureCodes()).containsExactlyInAnyOrder(FailureCode.TCB_MISMATCH, FailureCode.CHIP_ID_MISMATCH);
    }

    @Test
    void turinChipIdWithNonZeroTailIsRefused() {
        byte[] chip = SnpReportBuilder.defaultChipId(ProductLine.TURIN).toByteArray();
        chip[40] = 1;
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.TURIN).chipId(HexBytes.of(chip));
        TestVek vek = H.issue(VekSpec.vcek(ProductLine.TURIN, HexBytes.of(chip), b.effectiveReportedTcb()));
        assertThat(verifier()
                        .verifyWithVek(b.sign(vek.keyPair()), vek.der(), null, ANY_KEY)
                        .failureCodes())
                .containsExactly(FailureCode.CHIP_ID_MISMATCH);
    }

    @Test
    void maskedChipIdWithVcekIsRefused() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.GENOA).chipId(HexBytes.of(new byte[64]));
        TestVek vek = H.issue(VekSpec.vcek(
                ProductLine.GENOA, SnpReportBuilder.defaultChipId(ProductLine.GENOA), b.effectiveReportedTcb()));
        Verdict v = verifier().verifyWithVek(b.sign(vek.keyPair()), vek.der(), null, ANY_KEY);
        assertThat(v.failureCodes()).containsExactly(FailureCode.CHIP_ID_MISMATCH);
        assertThat(v.failures().get(0).message()).contains("masked");
    }

    @Test
    void currentTcbBelowTheCertificateIsRefused() {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.GENOA).currentTcb(0);
        TestEvidence e = TestEvidence.generate(b, SigningKey.VCEK);
        assertThat(verifier().verify(e.report(), e.certTable(), null, ANY_KEY).failureCodes())
                .containsExactly(FailureCode.CURRENT_TCB_BELOW_REPORTED);
    }

    /**
     * A signed report whose REPORTED and CURRENT TCB meet the floor, from a host on provisional firmware (COMMITTED
     * below) running a guest launched before a hot update (LAUNCH below): the VEK binding holds, the floor does not.
     */
    @Test
    void committedAndLaunchTcbBelowThePolicyFloorAreRefused() {
        ProductLine p = ProductLine.GENOA;
        long older = new TcbVersion(0, 9, 0, 20, 84).encode(p);
        ReleasePolicy floor = ANY_KEY.toBuilder()
                .minimumTcb(Map.of(p, TcbVersion.decode(SnpReportBuilder.defaultTcb(p), p)))
                .build();
        TestEvidence e = TestEvidence.generate(
                new SnpReportBuilder().product(p).committedTcb(older).launchTcb(older), SigningKey.VCEK);

        Verdict v = verifier().verify(e.report(), e.certTable(), null, floor);

        assertThat(v.failureCodes()).containsExactly(FailureCode.TCB_BELOW_MINIMUM);
        assertThat(v.failures().get(0).message())
                .contains("COMMITTED_TCB bl=9 snp=20", "LAUNCH_TCB bl=9 snp=20")
                .doesNotContain("REPORTED_TCB", "CURRENT_TCB");
        TestEvidence committed = TestEvidence.generate(new SnpReportBuilder().product(p), SigningKey.VCEK);
        assertThat(verifier()
                        .verify(committed.report(), committed.certTable(), null, floor)
                        .accepted())
                .as("the same host once its firmware is committed and the guest restarted")
                .isTrue();
    }

    @Test
    void unsignedAndReservedSigningKeysAreRefused() {
        TestEvidence none = TestEvidence.generate(new SnpReportBuilder(), SigningKey.VCEK);
        byte[] r = new SnpReportBuilder()
                .keyInfo(SigningKey.NONE.field() << 2)
                .sign(none.vek().keyPair());
        assertThat(verifier().verify(r, none.certTable(), null, ANY_KEY).failureCodes())
                .contains(FailureCode.SIGNING_KEY_UNSUPPORTED);
        byte[] reserved = new SnpReportBuilder().keyInfo(3 << 2).sign(none.vek().keyPair());
        assertThat(verifier().verify(reserved, none.certTable(), null, ANY_KEY).failureCodes())
                .contains(FailureCode.SIGNING_KEY_UNSUPPORTED);
    }

    @Test
    void unknownCpuidIsRefused() {
        TestEvidence e = TestEvidence.generate(
                new SnpReportBuilder().product(ProductLine.GENOA).poke(ReportLayout.CPUID_FAM_ID, (byte) 0x17),
                SigningKey.VCEK);
        assertThat(verifier().verify(e.report(), e.certTable(), null, ANY_KEY).failureCodes())
                .contains(FailureCode.PRODUCT_UNKNOWN);
    }

    @Test
    void missingVcekIsNamed() {
        TestEvidence e = TestEvidence.generate(new SnpReportBuilder(), SigningKey.VCEK);
        Verdict v = verifier().verify(e.report(), null, null, ANY_KEY);
        assertThat(v.failureCodes()).containsExactly(FailureCode.VEK_UNAVAILABLE);
        Verdict bad = verifier().verify(e.report(), new byte[] {1, 2, 3}, null, ANY_KEY);
        assertThat(bad.failureCodes())
                .containsExactlyInAnyOrder(FailureCode.CERT_TABLE_MALFORMED, FailureCode.VEK_UNAVAILABLE);
    }

    @Test
    void vcekIsFoundInTheOfflineCacheDirectory(@TempDir Path dir) throws Exception {
        SnpReportBuilder b = new SnpReportBuilder().product(ProductLine.TURIN).version(5);
        TestEvidence e = TestEvidence.generate(b, SigningKey.VCEK);
        TestVek other = H.issue(VekSpec.vcek(ProductLine.TURIN, b.effectiveChipId(), b.effectiveReportedTcb() + 1));
        Files.createDirectories(dir.resolve("turin"));
        Files.write(dir.resolve("turin/other.der"), other.der());
        Files.write(dir.resolve("turin/vcek.pem"), e.vek().pem());
        Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        OfflineVekDirectory cache = new OfflineVekDirectory(dir);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.problems()).singleElement().asString().contains("garbage.pem");
        Verdict v = ReportVerifier.builder()
                .roots(H.rootStore())
                .clock(NOW)
                .vekSource(cache)
                .build()
                .verify(e.report(), null, null, ANY_KEY);
        assertThat(v.failures()).isEmpty();
        assertThat(v.vek().orElseThrow().source()).startsWith("offline-dir:");
    }

    @Test
    void revokedAskIsRefusedAndAStaleCrlIsNamed() {
        var crl = H.crl(
                ProductLine.GENOA,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-06-01T00:00:00Z"),
                H.roots(ProductLine.GENOA).ask().getSerialNumber());
        TestEvidence e = TestEvidence.generate(new SnpReportBuilder().product(ProductLine.GENOA), SigningKey.VCEK);
        Verdict v = ReportVerifier.builder()
                .roots(H.rootStore())
                .clock(NOW)
                .crls(List.of(crl))
                .build()
                .verify(e.report(), e.certTable(), null, ANY_KEY);
        assertThat(v.failureCodes()).containsExactlyInAnyOrder(FailureCode.CERT_REVOKED, FailureCode.CRL_INVALID);
        var fresh =
                H.crl(ProductLine.GENOA, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"));
        Verdict ok = ReportVerifier.builder()
                .roots(H.rootStore())
                .clock(NOW)
                .crls(List.of(fresh))
                .build()
                .verify(e.report(), e.certTable(), null, ANY_KEY);
        assertThat(ok.failures()).isEmpty();
    }

    @Test
    void aRevocationInAnyOfAProductsCrlsCountsAndEachMustBeCurrent() {
        var askRevoking = H.crl(
                ProductLine.GENOA,
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-31T00:00:00Z"),
                H.roots(ProductLine.GENOA).ask().getSerialNumber());
        var otherList =
                H.crl(ProductLine.GENOA, Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"));
        TestEvidence vcek = TestEvidence.generate(new SnpReportBuilder().product(ProductLine.GENOA), SigningKey.VCEK);
        for (var order : List.of(List.of(askRevoking, otherList), List.of(otherList, askRevoking))) {
            // Revoked whatever the order of the files (before, the last file given replaced the others).
            assertThat(verify(vcek, order).failureCodes()).containsExactly(FailureCode.CERT_REVOKED);
        }
        // AMD's ASVK list (vlek/.../crl) lapsed: a current ASK list (vcek/.../crl) does not stand in for it.
        var lapsedVlekList =
                H.crl(ProductLine.GENOA, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"));
        TestEvidence vlek = TestEvidence.generate(new SnpReportBuilder().product(ProductLine.GENOA), SigningKey.VLEK);
        assertThat(verify(vlek, List.of(otherList, lapsedVlekList)).failureCodes())
                .containsExactly(FailureCode.CRL_INVALID);
        assertThat(verify(vlek, List.of(lapsedVlekList, otherList)).failureCodes())
                .containsExactly(FailureCode.CRL_INVALID);
        assertThat(verify(vlek, List.of(otherList)).failures()).isEmpty();
    }

    private static Verdict verify(TestEvidence e, List<org.bouncycastle.cert.X509CRLHolder> crls) {
        return ReportVerifier.builder()
                .roots(H.rootStore())
                .clock(NOW)
                .crls(crls)
                .build()
                .verify(e.report(), e.certTable(), null, ANY_KEY);
    }

    @Test
    void oneVerifierServesConcurrentRequestsWithCachedChains() throws Exception {
        ReportVerifier shared = verifier();
        List<TestEvidence> good = new ArrayList<>();
        for (ProductLine p : ProductLine.values()) {
            good.add(TestEvidence.generate(new SnpReportBuilder().product(p), SigningKey.VCEK));
        }
        TestEvidence first = good.get(0);
        byte[] tampered = first.report().clone();
        tampered[ReportLayout.MEASUREMENT] ^= 1;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                TestEvidence e = good.get(i % good.size());
                boolean tamper = i % 5 == 0;
                results.add(pool.submit(() -> {
                    Verdict v = shared.verify(
                            tamper ? tampered : e.report(), tamper ? first.certTable() : e.certTable(), null, ANY_KEY);
                    return tamper ? v.failureCodes().equals(Set.of(FailureCode.SIGNATURE_INVALID)) : v.accepted();
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
