package dev.snpkm.sev.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.sev.cert.CertTableGuid;
import dev.snpkm.sev.cert.CertificateTable;
import dev.snpkm.sev.cert.EvidenceLimits;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.sev.verdict.FailureCode;
import dev.snpkm.sev.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a peer sending a different oversize or garbage "VCEK" with every attested Get filled the verifier's
 * cache (4,096 entries of any size) until the heap ran out. Evidence is now bounded where it enters, and only
 * verified chains are cached, within a byte bound.
 */
class ReportVerifierBoundsTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    static final TestAmdHierarchy H = TestAmdHierarchy.get();
    static final ReleasePolicy ANY_KEY = ReleasePolicy.builder("test")
            .signingKeys(Set.of(SigningKey.VCEK, SigningKey.VLEK))
            .build();

    @Test
    void garbageCertificatesAreRefusedAndNeverCached() {
        ReportVerifier verifier =
                ReportVerifier.builder().roots(H.rootStore()).clock(NOW).build();
        TestEvidence genuine = TestEvidence.generate(new SnpReportBuilder(), SigningKey.VCEK);
        Random random = new Random(14);
        for (int i = 0; i < 300; i++) { // each a different certificate-sized blob, as in the attack
            byte[] garbage = new byte[EvidenceLimits.CERTIFICATE_BYTES - 16];
            random.nextBytes(garbage);
            Verdict v = verifier.verifyWithVek(genuine.report(), garbage, null, ANY_KEY);
            assertThat(v.failureCodes()).contains(FailureCode.VEK_MALFORMED);
        }
        // A validly signed certificate from a hierarchy not rooted in the pinned ARK: parsed, refused, not cached.
        ReportVerifier pinnedToAmd = ReportVerifier.builder().clock(NOW).build();
        assertThat(pinnedToAmd
                        .verify(genuine.report(), genuine.certTable(), null, ANY_KEY)
                        .accepted())
                .isFalse();
        assertThat(pinnedToAmd.cachedCertificates()).isZero();

        assertThat(verifier.cachedCertificates()).isZero();
        assertThat(verifier.verify(genuine.report(), genuine.certTable(), null, ANY_KEY)
                        .accepted())
                .isTrue();
        assertThat(verifier.cachedCertificates()).isEqualTo(1);
    }

    @Test
    void aCertificateOverTheLimitIsRefusedBeforeParsing() {
        ReportVerifier verifier =
                ReportVerifier.builder().roots(H.rootStore()).clock(NOW).build();
        TestEvidence genuine = TestEvidence.generate(new SnpReportBuilder(), SigningKey.VCEK);
        byte[] padded = Arrays.copyOf(genuine.vek().der(), 1024 * 1024); // DER + zero padding parses

        Verdict v = verifier.verifyWithVek(genuine.report(), padded, null, ANY_KEY);

        assertThat(v.failureCodes()).containsExactly(FailureCode.VEK_MALFORMED);
        assertThat(v.failures().get(0).message()).contains("1048576 bytes").contains("16384");
        assertThat(verifier.cachedCertificates()).isZero();
    }

    @Test
    void aCertificateTableOverTheGuestBufferIsRefused() {
        ReportVerifier verifier =
                ReportVerifier.builder().roots(H.rootStore()).clock(NOW).build();
        TestEvidence genuine = TestEvidence.generate(new SnpReportBuilder(), SigningKey.VCEK);
        byte[] big = new CertificateTable(List.of(
                        new CertificateTable.Entry(
                                CertTableGuid.VCEK.uuid(),
                                HexBytes.of(genuine.vek().der())),
                        new CertificateTable.Entry(CertTableGuid.ARK.uuid(), HexBytes.of(new byte[20_000]))))
                .encode();

        Verdict v = verifier.verify(genuine.report(), big, null, ANY_KEY);

        assertThat(v.failureCodes()).contains(FailureCode.CERT_TABLE_MALFORMED);
        assertThat(v.accepted()).isFalse();
    }

    @Test
    void theCacheIsBoundedByBytesAndKeepsTheRecentlyUsed() {
        long oneEntry = 1_500 + ReportVerifier.ENTRY_OVERHEAD_BYTES;
        ReportVerifier verifier = ReportVerifier.builder()
                .roots(H.rootStore())
                .clock(NOW)
                .maxCacheBytes(3 * oneEntry)
                .build();
        for (int i = 0; i < 6; i++) {
            TestEvidence e = TestEvidence.generate(new SnpReportBuilder(), SigningKey.VCEK); // a new VCEK each time
            assertThat(verifier.verify(e.report(), e.certTable(), null, ANY_KEY).accepted())
                    .isTrue();
        }

        assertThat(verifier.cachedCertificates()).isBetween(1L, 3L);
        assertThat(verifier.cachedBytes()).isLessThanOrEqualTo(3 * oneEntry);
    }
}
