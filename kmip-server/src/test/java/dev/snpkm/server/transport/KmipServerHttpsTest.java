package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.marker;
import static dev.snpkm.server.testing.KmipTestMessages.protocolVersion;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static dev.snpkm.server.testing.KmipTestMessages.resultMessage;
import static dev.snpkm.server.testing.KmipTestMessages.resultReason;
import static dev.snpkm.server.testing.KmipTestMessages.resultStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.testing.HttpBody;
import dev.snpkm.server.testing.HttpsTestClient;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** KMIP over HTTPS on the TTLV listener's port: real TLS on loopback, a raw HTTP/1.1 client. */
class KmipServerHttpsTest {
    private static final int MAX_MESSAGE = 4096;

    @TempDir
    static Path dir;

    static TestPki pki;
    static KmipServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.generate(dir.resolve("pki"));
        server = KmipServer.start(
                TestServerSettings.loopback(pki)
                        .withMaxMessageBytes(MAX_MESSAGE)
                        .withHttps(HttpsSettings.on())
                        .withPeerLimits(PeerLimits.defaults().withFrameTimeout(Duration.ofMillis(700))),
                KmipTestMessages.echo());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpsTestClient client() throws Exception {
        return HttpsTestClient.open(pki.clientContext(pki.client()), server.port());
    }

    @ParameterizedTest
    @EnumSource(HttpBody.class)
    void eachEncodingIsAnsweredInItsOwnOnOneKeptAliveConnection(HttpBody encoding) throws Exception {
        try (HttpsTestClient c = client()) {
            for (String m : new String[] {"first", "second"}) {
                HttpsTestClient.Response r =
                        c.post(encoding.contentType(), encoding.encode(request(2, 1, m), KmipVersion.V2_1));

                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Content-Type")).isEqualTo(encoding.contentType());
                assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
                Ttlv answer = encoding.decode(r.body());
                assertThat(marker(answer)).isEqualTo(m);
                assertThat(resultStatus(answer)).isEqualTo("Success");
                assertThat(resultMessage(answer))
                        .as("the client certificate's CN")
                        .isEqualTo("test-client");
                assertThat(protocolVersion(answer)).isEqualTo("2.1");
            }
        }
    }

    @Test
    void ttlvConnectionsStillWorkOnTheSamePort() throws Exception {
        try (KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            assertThat(marker(c.roundTrip(request("plain-ttlv")))).isEqualTo("plain-ttlv");
        }
    }

    @Test
    void xmlAnswerUsesTheRequestVersionsNames() throws Exception {
        try (HttpsTestClient c = client()) {
            HttpsTestClient.Response r =
                    c.post("text/xml; charset=UTF-8", HttpBody.XML.encode(request(1, 4, "v14"), KmipVersion.V1_4));

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("<ResultStatus type=\"Enumeration\" value=\"Success\"/>");
            assertThat(protocolVersion(HttpBody.XML.decode(r.body()))).isEqualTo("1.4");
        }
    }

    static Stream<Arguments> badHttp() {
        byte[] ok = TtlvEncoder.encode(request("x"));
        return Stream.of(
                Arguments.of("GET", HttpsTestClient.head("GET", "/kmip", null, -1), 405, "POST"),
                Arguments.of("another path", HttpsTestClient.head("POST", "/other", "text/xml", 0), 404, "/kmip"),
                Arguments.of(
                        "no Content-Length",
                        HttpsTestClient.head("POST", "/kmip", "application/json", -1),
                        411,
                        "Content-Length"),
                Arguments.of(
                        "chunked",
                        ("POST /kmip HTTP/1.1\r\nHost: h\r\nContent-Type: text/xml\r\n"
                                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII),
                        411,
                        "chunked"),
                Arguments.of(
                        "over the message limit",
                        HttpsTestClient.head("POST", "/kmip", "application/json", MAX_MESSAGE + 1),
                        413,
                        "exceeds the limit of " + MAX_MESSAGE),
                Arguments.of(
                        "text/plain",
                        concat(HttpsTestClient.head("POST", "/kmip", "text/plain", ok.length), ok),
                        415,
                        "Content-Type must be"),
                Arguments.of(
                        "a charset other than UTF-8",
                        HttpsTestClient.head("POST", "/kmip", "application/json; charset=latin1", 2),
                        415,
                        "Content-Type must be"),
                Arguments.of(
                        "no Content-Type",
                        concat(HttpsTestClient.head("POST", "/kmip", null, ok.length), ok),
                        415,
                        "none was given"),
                Arguments.of(
                        "a malformed request line",
                        "POST /kmip HTTP/one\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        400,
                        "malformed HTTP request"),
                Arguments.of(
                        "headers over the limit",
                        ("POST /kmip HTTP/1.1\r\nX-Filler: " + "a".repeat(HttpsSettings.DEFAULT_MAX_HEADER_BYTES)
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII),
                        431,
                        "headers exceed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHttp")
    void badHttpGetsItsStatusAndAOneLineReasonThenTheConnectionCloses(
            String what, byte[] raw, int status, String reason) throws Exception {
        long before = server.counters().httpRefusals();
        try (HttpsTestClient c = client()) {
            c.send(raw);
            HttpsTestClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(status);
            assertThat(r.text()).contains(reason).endsWith("\n");
            assertThat(r.text().strip()).doesNotContain("\n");
            assertThat(r.header("Connection")).isEqualTo("close");
            if (status == 405) {
                assertThat(r.header("Allow")).isEqualTo("POST");
            }
            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(server.counters().httpRefusals()).isGreaterThan(before);
    }

    static Stream<Arguments> badBodies() {
        byte[] truncated = Arrays.copyOf(TtlvEncoder.encode(request("t")), 40);
        return Stream.of(
                Arguments.of(HttpBody.JSON, "{\"tag\": \"RequestMessage\", \"value\": [".getBytes(), "JSON"),
                Arguments.of(HttpBody.JSON, "{\"tag\": \"NoSuchTag\", \"value\": []}".getBytes(), "NoSuchTag"),
                Arguments.of(HttpBody.XML, "<RequestMessage><Oops".getBytes(), "XML"),
                Arguments.of(
                        HttpBody.XML,
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><RequestMessage/>".getBytes(),
                        "DOCTYPE"),
                Arguments.of(HttpBody.XML, new byte[] {'<', 'A', (byte) 0xC3, '/', '>'}, "UTF-8"),
                Arguments.of(HttpBody.TTLV, truncated, "says"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badBodies")
    void wellFormedHttpWithABadKmipBodyGetsInvalidMessageInItsEncodingAndTheConnectionLives(
            HttpBody encoding, byte[] body, String problem) throws Exception {
        long before = server.counters().invalidMessages();
        try (HttpsTestClient c = client()) {
            HttpsTestClient.Response r = c.post(encoding.contentType(), body);

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo(encoding.contentType());
            Ttlv error = encoding.decode(r.body());
            assertThat(resultStatus(error)).isEqualTo("Operation Failed");
            assertThat(resultReason(error)).contains("Invalid Message");
            assertThat(resultMessage(error)).contains(problem);
            assertThat(server.counters().invalidMessages()).isGreaterThan(before);

            HttpsTestClient.Response next =
                    c.post(encoding.contentType(), encoding.encode(request("after"), KmipVersion.V1_4));
            assertThat(marker(encoding.decode(next.body()))).isEqualTo("after");
        }
    }

    @Test
    void aRequestThatDoesNotArriveWholeInTimeGets408() throws Exception {
        long before = server.counters().frameTimeouts();
        try (HttpsTestClient c = client()) {
            c.send(HttpsTestClient.head("POST", "/kmip", "application/json", 100), "{\"tag\"".getBytes());
            HttpsTestClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(408);
            assertThat(r.text()).contains("not received whole within 700 ms");
            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(server.counters().frameTimeouts()).isEqualTo(before + 1);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndARefusalAfterThemComesLast() throws Exception {
        try (HttpsTestClient c = client()) {
            byte[] a = HttpBody.JSON.encode(request("a"), KmipVersion.V1_4);
            byte[] b = HttpBody.TTLV.encode(request("b"), KmipVersion.V1_4);
            c.send(
                    HttpsTestClient.head("POST", "/kmip", HttpBody.JSON.contentType(), a.length),
                    a,
                    HttpsTestClient.head("POST", "/kmip", HttpBody.TTLV.contentType(), b.length),
                    b,
                    HttpsTestClient.head("DELETE", "/kmip", null, -1));

            assertThat(marker(HttpBody.JSON.decode(c.read().body()))).isEqualTo("a");
            assertThat(marker(HttpBody.TTLV.decode(c.read().body()))).isEqualTo("b");
            assertThat(c.read().status()).isEqualTo(405);
            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterItsAnswer() throws Exception {
        byte[] body = TtlvEncoder.encode(request("old"));
        try (HttpsTestClient c = client()) {
            c.send(
                    ("POST /kmip HTTP/1.0\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII),
                    body);

            assertThat(marker(HttpBody.TTLV.decode(c.read().body()))).isEqualTo("old");
            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void withHttpsOffAnHttpRequestIsTtlvThatFailsToFrame() throws Exception {
        try (KmipServer off = KmipServer.start(TestServerSettings.loopback(pki), KmipTestMessages.echo());
                HttpsTestClient c = HttpsTestClient.open(pki.clientContext(pki.client()), off.port())) {
            c.send(HttpsTestClient.head("POST", "/kmip", "application/json", 0));

            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat(off.counters().framingErrors()).isEqualTo(1);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
