package dev.snpkm.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class HandshakeFailuresTest {
    @Test
    void boringSslsGenericMessageGivesWayToTheCertificateRefusalItCarries() {
        SSLHandshakeException openSsl = new SSLHandshakeException("General OpenSslEngine problem");
        openSsl.initCause(new CertificateException("client certificate CN=alice serial 1f is revoked by the CRL"));

        assertThat(HandshakeFailures.reason(openSsl))
                .isEqualTo("client certificate CN=alice serial 1f is revoked by the CRL");
    }

    @Test
    void aFailureWithoutACertificateRefusalKeepsItsOwnMessage() {
        assertThat(HandshakeFailures.reason(new SSLHandshakeException("no cipher suites in common")))
                .isEqualTo("no cipher suites in common");
    }
}
