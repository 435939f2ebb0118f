package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.marker;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.EachTlsProvider;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestPki.Credential;
import dev.snpkm.server.testing.TestPki.CrlSigner;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.tls.CaBundle;
import dev.snpkm.server.tls.ClientCrls;
import dev.snpkm.server.tls.TlsProvider;
import dev.snpkm.server.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client CRLs at real TLS handshakes, with both TLS providers: a fresh client SSLContext per connection, so no session
 * is resumed.
 */
class KmipServerCrlTest {
    private static final Instant NEXT_WEEK = Instant.now().plus(Duration.ofDays(7));

    @TempDir
    Path dir;

    TestPki pki;

    @BeforeEach
    void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
    }

    @EachTlsProvider
    void aRevokedCertificateFailsTheHandshakeWhileItsSiblingConnects(TlsProvider provider) throws Exception {
        Credential revoked = pki.issueClient("handshake-revoked", "handshake-revoked");
        Credential sibling = pki.issueClient("handshake-sibling", "handshake-sibling");
        Path crl = pki.writeCrl("handshake.crl", CrlSigner.CA, NEXT_WEEK, false, revoked);

        try (KmipServer server = KmipServer.start(withCrls(crl, provider), KmipTestMessages.echo())) {
            assertConnects(sibling, server);
            assertRefused(revoked, server);
            assertThat(server.counters().handshakeFailures()).isEqualTo(1);
        }
    }

    @EachTlsProvider
    void aCrlRewrittenWhileRunningRefusesTheNextHandshake(TlsProvider provider) throws Exception {
        Credential alice = pki.issueClient("running-alice", "running-alice");
        Path crl = pki.writeCrl("running.crl", CrlSigner.CA, NEXT_WEEK, true);

        try (KmipServer server = KmipServer.start(withCrls(crl, provider), KmipTestMessages.echo())) {
            assertConnects(alice, server);

            pki.writeCrl("running.crl", CrlSigner.CA, NEXT_WEEK, true, alice);
            Files.setLastModifiedTime(crl, FileTime.from(Instant.now().plusSeconds(5)));

            assertRefused(alice, server);
            assertThat(server.counters().handshakeFailures()).isEqualTo(1);
        }
    }

    @EachTlsProvider
    void anExpiredCrlRefusesItsIssuersCertificatesOnly(TlsProvider provider) throws Exception {
        Path crl = pki.writeCrl(
                "expired.crl", CrlSigner.UNTRUSTED_CA, Instant.now().minusSeconds(60), false);
        // Both CAs are client CAs; only the second has a CRL, and it has expired.
        Path bundle = Files.writeString(
                dir.resolve("both-cas.pem"),
                Files.readString(pki.caCertificatePem())
                        + pem(pki.untrustedCaCertificate().getEncoded()));
        TlsSettings tls = TlsSettings.of(
                        pki.server().certificatePem(), pki.server().privateKeyPem(), bundle)
                .withProvider(provider);
        try (KmipServer withoutCrl =
                KmipServer.start(TestServerSettings.loopback(pki, provider).withTls(tls), KmipTestMessages.echo())) {
            assertConnects(pki.untrustedClient(), withoutCrl); // the control: trusted when no CRL is configured
        }
        ClientCrls crls = ClientCrls.load(List.of(crl), CaBundle.read(bundle), Clock.systemUTC());

        try (KmipServer server = KmipServer.start(
                TestServerSettings.loopback(pki, provider).withTls(tls.withClientCrls(crls)),
                KmipTestMessages.echo())) {
            assertConnects(pki.client(), server);
            assertRefused(pki.untrustedClient(), server);
        }
    }

    private ServerSettings withCrls(Path crl, TlsProvider provider) throws IOException {
        ClientCrls crls = ClientCrls.load(List.of(crl), CaBundle.read(pki.caCertificatePem()), Clock.systemUTC());
        return TestServerSettings.loopback(pki, provider)
                .withTls(TestServerSettings.tls(pki, provider).withClientCrls(crls));
    }

    private void assertConnects(Credential client, KmipServer server) throws IOException {
        try (KmipTestConnection c = KmipTestConnection.open(pki.clientContext(client), server.port())) {
            assertThat(marker(c.roundTrip(request("crl")))).isEqualTo("crl");
        }
    }

    private void assertRefused(Credential client, KmipServer server) {
        // Under TLS 1.3 the server's refusal of the client certificate shows at the first read.
        assertThatThrownBy(() -> {
                    try (KmipTestConnection c = KmipTestConnection.open(pki.clientContext(client), server.port())) {
                        c.roundTrip(request("should not pass"));
                    }
                })
                .isInstanceOf(IOException.class);
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
