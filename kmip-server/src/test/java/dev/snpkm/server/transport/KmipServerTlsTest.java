package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.marker;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static dev.snpkm.server.testing.KmipTestMessages.resultMessage;
import static dev.snpkm.server.testing.KmipTestMessages.resultStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.testing.Await;
import dev.snpkm.server.testing.EachTlsProvider;
import dev.snpkm.server.testing.HttpBody;
import dev.snpkm.server.testing.HttpsTestClient;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.tls.KmipCipherSuite;
import dev.snpkm.server.tls.TlsProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every TLS property of the listener, held by both providers (BoringSSL and the JDK's JSSE). */
class KmipServerTlsTest {
    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
    }

    @EachTlsProvider
    void mutualTlsRoundTripAuthenticatesTheClientByItsCertificate(TlsProvider provider) throws Exception {
        List<ClientIdentity> seen = new CopyOnWriteArrayList<>();
        KmipRequestProcessor recording = (req, client) -> {
            seen.add(client);
            return KmipTestMessages.echoResponse(req, client);
        };
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki, provider), recording);
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            Ttlv response = c.roundTrip(request("hello"));

            assertThat(marker(response)).isEqualTo("hello");
            assertThat(resultStatus(response)).isEqualTo("Success");
            assertThat(resultMessage(response)).isEqualTo("test-client");
            assertThat(seen).singleElement().satisfies(id -> {
                assertThat(id.commonName()).contains("test-client");
                assertThat(id.subjectDn()).isEqualTo("CN=test-client,OU=vm-unlock,O=snpkm tests");
                assertThat(id).isEqualTo(ClientIdentity.of(pki.client().certificate()));
            });
            assertThat(c.session().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @EachTlsProvider
    void theNamedProviderServesTheListener(TlsProvider provider) throws Exception {
        try (KmipServer server =
                KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo())) {
            assertThat(server.tlsProvider()).isEqualTo(provider);
        }
    }

    /** KMIP over HTTPS and TTLV share the port, told apart by the first byte the TLS layer decrypts. */
    @EachTlsProvider
    void httpsAndTtlvAreToldApartByTheFirstDecryptedByte(TlsProvider provider) throws Exception {
        ServerSettings both = TestServerSettings.loopback(pki, provider).withHttps(HttpsSettings.on());
        try (KmipServer server = KmipServer.start(both, KmipTestMessages.echo());
                HttpsTestClient https = HttpsTestClient.open(pki.clientContext(pki.client()), server.port());
                KmipTestConnection ttlv = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            HttpsTestClient.Response r = https.post(
                    HttpBody.JSON.contentType(), HttpBody.JSON.encode(request(2, 1, "over-https"), KmipVersion.V2_1));

            assertThat(r.status()).isEqualTo(200);
            assertThat(marker(HttpBody.JSON.decode(r.body()))).isEqualTo("over-https");
            assertThat(marker(ttlv.roundTrip(request("over-ttlv")))).isEqualTo("over-ttlv");
        }
    }

    /** A peer that connects and never speaks TLS is closed at the handshake timeout and counted as a failure. */
    @EachTlsProvider
    void aSilentPeerIsClosedAtTheHandshakeTimeout(TlsProvider provider) throws Exception {
        ServerSettings settings =
                TestServerSettings.loopback(pki, provider).withHandshakeTimeout(Duration.ofMillis(300));
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo());
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            s.setSoTimeout(10_000);
            long start = System.nanoTime();

            assertThat(readUpTo(s.getInputStream(), 1))
                    .as("closed without a byte")
                    .isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
            Await.until(() -> server.counters().handshakeFailures() == 1, 5);
            Await.until(() -> server.pendingHandshakes() == 0, 5);
        }
    }

    @EachTlsProvider
    void tls12NegotiatesAProfileGcmSuite(TlsProvider provider) throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo());
                KmipTestConnection c =
                        KmipTestConnection.open(pki.clientContext(pki.client()), server.port(), "TLSv1.2")) {
            assertThat(marker(c.roundTrip(request("tls12")))).isEqualTo("tls12");
            assertThat(c.session().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(c.session().getCipherSuite())
                    .isIn(
                            KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384.jsseName(),
                            KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.jsseName());
        }
    }

    @EachTlsProvider
    void clientWithoutCertificateIsRefused(TlsProvider provider) throws Exception {
        try (KmipServer server =
                KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo())) {
            assertRefused(pki.clientContext(null), server);
        }
    }

    @EachTlsProvider
    void clientCertificateFromUntrustedCaIsRefused(TlsProvider provider) throws Exception {
        try (KmipServer server =
                KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo())) {
            assertRefused(pki.clientContext(pki.untrustedClient()), server);
            assertThat(server.counters().handshakeFailures()).isEqualTo(1);
        }
    }

    @EachTlsProvider
    void certificateWithoutClientAuthEkuIsRefusedByDefault(TlsProvider provider) throws Exception {
        try (KmipServer server =
                KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo())) {
            assertRefused(pki.clientContext(pki.clientWithServerAuthEkuOnly()), server);
            assertRefused(pki.clientContext(pki.clientWithoutEku()), server);
        }
    }

    @EachTlsProvider
    void certificateWithoutClientAuthEkuIsAcceptedWhenTheEkuRequirementIsWaived(TlsProvider provider) throws Exception {
        ServerSettings lenient = TestServerSettings.loopback(pki, provider)
                .withTls(TestServerSettings.tls(pki, provider).withRequireClientAuthEku(false));
        try (KmipServer server = KmipServer.start(lenient, KmipTestMessages.echo())) {
            for (TestPki.Credential cred : List.of(pki.clientWithServerAuthEkuOnly(), pki.clientWithoutEku())) {
                try (KmipTestConnection c = KmipTestConnection.open(pki.clientContext(cred), server.port())) {
                    assertThat(resultMessage(c.roundTrip(request("lenient"))))
                            .isEqualTo(ClientIdentity.of(cred.certificate())
                                    .commonName()
                                    .orElseThrow());
                }
            }
            // The waiver skips only the EKU check, not trust.
            assertRefused(pki.clientContext(pki.untrustedClient()), server);
        }
    }

    /** TLS 1.0 and 1.1 ClientHellos, hand-built because the JDK client refuses to send them. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"OPENSSL, 0x0301", "OPENSSL, 0x0302", "JDK, 0x0301", "JDK, 0x0302"})
    void legacyTlsClientHelloIsAnsweredWithAnAlertNotAServerHello(TlsProvider provider, String version)
            throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo());
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(legacyClientHello(Integer.decode(version)));
            s.getOutputStream().flush();
            byte[] reply = readUpTo(s.getInputStream(), 7);

            assertThat(reply)
                    .as("server must not answer with a handshake record")
                    .isNotEmpty();
            assertThat(reply[0]).as("record type 21 = alert").isEqualTo((byte) 21);
            assertThat(reply[5]).as("fatal").isEqualTo((byte) 2);
            assertThat(reply[6])
                    .as("alert protocol_version (70) or handshake_failure (40)")
                    .isIn((byte) 70, (byte) 40);
        }
    }

    /**
     * Resumption is observed through certificate checks: a resumed handshake (TLS 1.2 session id/ticket, TLS 1.3 PSK)
     * sends no certificates, so neither the client's check of the server nor the server's check of the client runs.
     * On TLS 1.2 the resumed session also keeps its session id.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"OPENSSL, TLSv1.2", "OPENSSL, TLSv1.3", "JDK, TLSv1.2", "JDK, TLSv1.3"})
    void reconnectingClientResumesItsSession(TlsProvider provider, String protocol) throws Exception {
        AtomicLong serverChecks = new AtomicLong();
        SSLContext client = pki.clientContext(pki.client(), serverChecks);
        try (KmipServer server =
                KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo())) {
            byte[] firstId;
            try (KmipTestConnection c = KmipTestConnection.open(client, server.port(), protocol)) {
                c.roundTrip(request("first")); // reading also takes in a TLS 1.3 NewSessionTicket
                firstId = c.session().getId();
            }
            try (KmipTestConnection c = KmipTestConnection.open(client, server.port(), protocol)) {
                Ttlv response = c.roundTrip(request("second"));

                assertThat(resultMessage(response))
                        .as("identity survives resumption")
                        .isEqualTo("test-client");
                assertThat(serverChecks.get())
                        .as("client verified the server once")
                        .isEqualTo(1);
                assertThat(server.clientCertificateVerifications())
                        .as("server verified the client once")
                        .isEqualTo(1);
                if (protocol.equals("TLSv1.2")) {
                    assertThat(c.session().getId()).isEqualTo(firstId);
                }
            }
        }
    }

    @EachTlsProvider
    void everyDefaultCipherSuiteIsOfferedByTheProvider(TlsProvider provider) throws Exception {
        try (KmipServer server =
                KmipServer.start(TestServerSettings.loopback(pki, provider), KmipTestMessages.echo())) {
            List<String> offered = KmipCipherSuite.defaults().stream()
                    .map(KmipCipherSuite::jsseName)
                    .toList();
            assertThat(server.offeredCipherSuites()).containsExactlyElementsOf(offered);
        }
    }

    private static void assertRefused(SSLContext context, KmipServer server) {
        // Under TLS 1.3 the client finishes its side before the server checks its certificate, so the refusal may
        // show at the handshake or at the first read.
        assertThatThrownBy(() -> {
                    try (KmipTestConnection c = KmipTestConnection.open(context, server.port())) {
                        c.roundTrip(request("should not pass"));
                    }
                })
                .isInstanceOf(IOException.class);
    }

    private static byte[] legacyClientHello(int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xC00A, 0xC009, 0xC014, 0xC013, 0x0035, 0x002F}; // ECDHE/RSA AES-CBC-SHA
        body.write(0);
        body.write(suites.length * 2);
        for (int s : suites) {
            body.write(s >> 8);
            body.write(s);
        }
        body.write(1); // one compression method: null
        body.write(0);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 0x03, 0x01, (byte) ((b.length + 4) >> 8), (byte) (b.length + 4)});
        record.writeBytes(new byte[] {1, 0, (byte) (b.length >> 8), (byte) b.length});
        record.writeBytes(b);
        return record.toByteArray();
    }

    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (int i = 0; i < n; i++) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            }
        } catch (IOException e) {
            // a reset after the alert ends the read
        }
        return out.toByteArray();
    }
}
