package dev.snpkm.server.cryptoservice;

import static dev.snpkm.kmip.enums.ValidityIndicator.INVALID;
import static dev.snpkm.kmip.enums.ValidityIndicator.UNKNOWN;
import static dev.snpkm.kmip.enums.ValidityIndicator.VALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.TestChains;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Validate judgement on real chains: order does not matter, the root must be given, dates and keys count. */
class CertificateChainValidationTest {
    private static final TestChains.Chain CHAIN = TestChains.generate("validation");
    private static final X509Certificate ROOT = CHAIN.root().certificate();
    private static final X509Certificate CA = CHAIN.intermediate().certificate();
    private static final X509Certificate LEAF = CHAIN.leaf().certificate();

    @Test
    void aWholeChainIsValidInAnyOrderAndAtADateInsideEveryCertificate() {
        Instant now = Instant.now();
        assertThat(CertificateChainValidation.judge(List.of(LEAF, CA, ROOT), now))
                .isEqualTo(VALID);
        assertThat(CertificateChainValidation.judge(List.of(ROOT, LEAF, CA), now))
                .isEqualTo(VALID);
        assertThat(CertificateChainValidation.judge(List.of(LEAF, CA, ROOT, LEAF), now))
                .as("the same certificate twice is one certificate")
                .isEqualTo(VALID);
        assertThat(CertificateChainValidation.judge(List.of(ROOT), now)).isEqualTo(VALID);
    }

    @Test
    void aDateOutsideTheValidityPeriodIsInvalid() {
        assertThat(CertificateChainValidation.judge(
                        List.of(LEAF, CA, ROOT), Instant.now().plus(Duration.ofDays(3))))
                .isEqualTo(INVALID);
        assertThat(CertificateChainValidation.judge(List.of(ROOT), Instant.now().minus(Duration.ofDays(1))))
                .isEqualTo(INVALID);
    }

    @Test
    void aChainWithoutItsRootIsUnknown() {
        assertThat(CertificateChainValidation.judge(List.of(LEAF, CA), Instant.now()))
                .isEqualTo(UNKNOWN);
        assertThat(CertificateChainValidation.judge(List.of(LEAF), Instant.now()))
                .isEqualTo(UNKNOWN);
    }

    @Test
    void aForgedSignatureALeftOverCertificateOrALeafActingAsCaAreInvalid() {
        TestChains.Issued forged = TestChains.issue(
                CHAIN.intermediate(),
                "CN=forged leaf",
                false,
                TestChains.root("CN=x").keys().getPrivate());
        assertThat(CertificateChainValidation.judge(List.of(forged.certificate(), CA, ROOT), Instant.now()))
                .isEqualTo(INVALID);
        X509Certificate stranger = TestChains.root("CN=stranger").certificate();
        assertThat(CertificateChainValidation.judge(List.of(LEAF, CA, ROOT, stranger), Instant.now()))
                .isEqualTo(INVALID);
        TestChains.Issued underLeaf = TestChains.issue(
                CHAIN.leaf(), "CN=under a leaf", false, CHAIN.leaf().keys().getPrivate());
        assertThat(CertificateChainValidation.judge(List.of(underLeaf.certificate(), LEAF, CA, ROOT), Instant.now()))
                .as("a certificate that is not a CA issues nothing")
                .isEqualTo(INVALID);
    }
}
