package dev.snpkm.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.client.tls.CipherPolicy;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.tls.ServerVerification;
import dev.snpkm.client.transport.KmipTransportException.Stage;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.tls.KmipCipherSuite;
import dev.snpkm.server.transport.KmipRequestProcessor;
import dev.snpkm.server.transport.KmipServer;
import dev.snpkm.server.transport.PeerLimits;
import dev.snpkm.server.transport.ServerSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS against the real KmipServer from kmip-server, with an echo processor. */
@Timeout(30)
class KmipTransportTest {
    /** Short timeouts and fast backoff so failure paths stay quick. */
    private static final TransportSettings FAST = new TransportSettings(
            Duration.ofSeconds(2), Duration.ofSeconds(3), 64 * 1024, 4, Duration.ofMillis(50), Duration.ofMillis(200));

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki otherPki;
    private static ClientTlsConfig tls;

    private final AtomicInteger processed = new AtomicInteger();

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.generate(dir.resolve("pki"));
        otherPki = TestPki.generate(dir.resolve("other-pki"));
        tls = ClientTlsConfig.fromPem(
                pki.caCertificatePem(),
                pki.client().certificatePem(),
                pki.client().privateKeyPem());
    }

    private KmipRequestProcessor countingEcho() {
        KmipRequestProcessor echo = KmipTestMessages.echo();
        return (request, client) -> {
            processed.incrementAndGet();
            return echo.process(request, client);
        };
    }

    private static KmipEndpoint at(KmipServer server) {
        return new KmipEndpoint("127.0.0.1", server.port());
    }

    @Test
    void roundTripReturnsTheServersResponseOverMutualTls() throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipTransport transport = new KmipTransport(at(server), tls, FAST)) {
            Ttlv.Structure response = transport.send(KmipTestMessages.request("first"));

            assertThat(KmipTestMessages.marker(response)).isEqualTo("first");
            assertThat(KmipTestMessages.resultStatus(response)).isEqualTo("Success");
            assertThat(KmipTestMessages.resultMessage(response)).isEqualTo("test-client");
        }
    }

    @Test
    void aResolverThatDoesNotAnswerCostsAConnectionAttemptNoMoreThanItsConnectTimeout() {
        HostResolver silent = new HostResolver(host -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> KmipConnection.open(
                        KmipEndpoint.parse("kms.example.internal:5696"),
                        tls,
                        TransportSettings.defaults().withConnectTimeout(Duration.ofMillis(300)),
                        silent))
                .isInstanceOfSatisfying(KmipTransportException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.CONNECT);
                    assertThat(e.getMessage()).contains("no answer from the resolver within PT0.3S");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void reusesOneConnectionForSuccessiveRequests() throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipTransport transport = new KmipTransport(at(server), tls, FAST)) {
            for (int i = 0; i < 5; i++) {
                assertThat(KmipTestMessages.marker(transport.send(KmipTestMessages.request("r" + i))))
                        .isEqualTo("r" + i);
            }
            assertThat(transport.connectionsOpened()).isEqualTo(1);
            assertThat(server.counters().connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void reconnectsTransparentlyAfterTheServerClosesAnIdleConnection() throws Exception {
        ServerSettings shortIdle = TestServerSettings.loopback(pki).withIdleTimeout(Duration.ofMillis(200));
        try (KmipServer server = KmipServer.start(shortIdle, countingEcho());
                KmipTransport transport = new KmipTransport(at(server), tls, FAST)) {
            transport.send(KmipTestMessages.request("before"));
            // The connection must be fully closed on the server side (FIN sent), not only counted as idle.
            waitUntil(() -> server.counters().idleClosures() == 1 && server.openConnections() == 0);

            Ttlv.Structure response = transport.send(KmipTestMessages.request("after"));

            assertThat(KmipTestMessages.marker(response)).isEqualTo("after");
            assertThat(transport.connectionsOpened()).isEqualTo(2);
            assertThat(processed).hasValue(2);
        }
    }

    @Test
    void retriesWithBackoffWhileTheServerIsDownAndSucceedsWhenItComesUp() throws Exception {
        int port = freePort();
        // Attempts enough for a slow start of the server on a loaded machine; the deadline bounds the test.
        TransportSettings patient = FAST.withRetries(100, Duration.ofMillis(50), Duration.ofMillis(300))
                .withDeadline(Duration.ofSeconds(20));
        AtomicReference<KmipServer> late = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(700);
                late.set(KmipServer.start(
                        TestServerSettings.loopback(pki).withBindAddress(new InetSocketAddress("127.0.0.1", port)),
                        countingEcho()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        starter.start();
        try (KmipTransport transport = new KmipTransport(new KmipEndpoint("127.0.0.1", port), tls, patient)) {
            Ttlv.Structure response = transport.send(KmipTestMessages.request("eventually"));

            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(KmipTestMessages.marker(response)).isEqualTo("eventually");
            assertThat(elapsedMs).isBetween(600L, 20_000L);
            assertThat(processed).hasValue(1);
        } finally {
            starter.join();
            if (late.get() != null) {
                late.get().close();
            }
        }
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsWhenTheServerStaysDown() throws Exception {
        int port = freePort();
        long start = System.nanoTime();
        try (KmipTransport transport = new KmipTransport(
                new KmipEndpoint("127.0.0.1", port),
                tls,
                FAST.withRetries(3, Duration.ofMillis(100), Duration.ofMillis(100)))) {
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("nobody")))
                    .isInstanceOfSatisfying(
                            KmipTransportException.class,
                            e -> assertThat(e.stage()).isEqualTo(Stage.CONNECT));
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Two pauses of 50..100 ms between three attempts: bounded, and not zero.
        assertThat(elapsedMs).isBetween(100L, 2_000L);
    }

    @Test
    void failsOverToTheNextServerAtOnceAndStaysThere() throws Exception {
        KmipEndpoint down = new KmipEndpoint("127.0.0.1", freePort());
        try (KmipServer second = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipTransport transport = new KmipTransport(
                        List.of(down, at(second)),
                        tls,
                        FAST.withRetries(3, Duration.ofSeconds(20), Duration.ofSeconds(20)))) {
            long start = System.nanoTime();
            assertThat(KmipTestMessages.marker(transport.send(KmipTestMessages.request("one"))))
                    .isEqualTo("one");
            // No backoff pause (20 s) between the servers of one round.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000L);
            assertThat(transport.endpoint()).isEqualTo(at(second));
            assertThat(KmipTestMessages.marker(transport.send(KmipTestMessages.request("two"))))
                    .isEqualTo("two");
            assertThat(transport.connectionsOpened())
                    .as("stays on the server that answers")
                    .isEqualTo(1);
            assertThat(processed).hasValue(2);
        }
    }

    @Test
    void whenEveryServerIsDownTheDeadlineBoundsTheRetrying() throws Exception {
        List<KmipEndpoint> down =
                List.of(new KmipEndpoint("127.0.0.1", freePort()), new KmipEndpoint("127.0.0.1", freePort()));
        TransportSettings patient = FAST.withRetries(1000, Duration.ofMillis(100), Duration.ofMillis(100))
                .withDeadline(Duration.ofMillis(700));
        long start = System.nanoTime();
        try (KmipTransport transport = new KmipTransport(down, tls, patient)) {
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("nobody")))
                    .isInstanceOfSatisfying(
                            KmipTransportException.class,
                            e -> assertThat(e.stage()).isEqualTo(Stage.CONNECT));
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // 1000 rounds would take 100 s; the deadline stops new attempts after 0.7 s (refused connects are instant).
        assertThat(elapsedMs).isBetween(600L, 3_000L);
    }

    @Test
    void aServerListParsesCommaSeparatedAddresses() {
        assertThat(KmipEndpoint.parseList("kms-a, kms-b:15696,[::1]:5697"))
                .containsExactly(
                        new KmipEndpoint("kms-a", 5696),
                        new KmipEndpoint("kms-b", 15696),
                        new KmipEndpoint("::1", 5697));
        assertThatThrownBy(() -> KmipEndpoint.parseList(" , ")).hasMessageContaining("no server address");
    }

    @Test
    void refusesAServerWhoseCertificateIsNotFromTheConfiguredCa() throws Exception {
        ClientTlsConfig trustsOtherCa = ClientTlsConfig.fromPem(
                otherPki.caCertificatePem(),
                otherPki.client().certificatePem(),
                otherPki.client().privateKeyPem());
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipTransport transport = new KmipTransport(at(server), trustsOtherCa, FAST)) {
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("x")))
                    .isInstanceOfSatisfying(KmipTransportException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.SERVER_REJECTED);
                        assertThat(e.retryable()).isFalse();
                    });
            assertThat(transport.connectionsOpened()).isZero();
            assertThat(processed).hasValue(0);
        }
    }

    @Test
    void refusesAServerWhoseCertificateDoesNotNameTheHostDialled() throws Exception {
        // 127.0.0.2 is loopback but not in the server certificate's SAN (127.0.0.1, ::1, localhost).
        try (KmipServer server = KmipServer.start(
                        TestServerSettings.loopback(pki).withBindAddress(new InetSocketAddress("127.0.0.2", 0)),
                        countingEcho());
                KmipTransport transport = new KmipTransport(new KmipEndpoint("127.0.0.2", server.port()), tls, FAST)) {
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("x")))
                    .isInstanceOfSatisfying(
                            KmipTransportException.class,
                            e -> assertThat(e.stage()).isEqualTo(Stage.SERVER_REJECTED))
                    .hasMessageContaining("127.0.0.2");
            assertThat(processed).hasValue(0);
        }
    }

    /** One node with a bad certificate (expired, or issued without its name) must not keep requests from the rest. */
    @Test
    void aServerWhoseIdentityIsRefusedIsSkippedForTheNextOne() throws Exception {
        try (KmipServer misnamed = KmipServer.start(
                        TestServerSettings.loopback(pki).withBindAddress(new InetSocketAddress("127.0.0.2", 0)),
                        countingEcho());
                KmipServer healthy = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipTransport transport = new KmipTransport(
                        List.of(new KmipEndpoint("127.0.0.2", misnamed.port()), at(healthy)), tls, FAST)) {
            assertThat(KmipTestMessages.marker(transport.send(KmipTestMessages.request("one"))))
                    .isEqualTo("one");
            assertThat(transport.endpoint()).isEqualTo(at(healthy));
            assertThat(KmipTestMessages.marker(transport.send(KmipTestMessages.request("two"))))
                    .isEqualTo("two");
            assertThat(transport.connectionsOpened())
                    .as("one, to the healthy server")
                    .isEqualTo(1);
            assertThat(processed).hasValue(2);
        }
    }

    /** When every server is refused, the refusal is reported at once: no round of backoff can fix a certificate. */
    @Test
    void whenEveryServerIsRefusedTheRefusalIsReportedWithoutRetrying() throws Exception {
        TransportSettings patient = FAST.withRetries(1000, Duration.ofSeconds(5), Duration.ofSeconds(5));
        try (KmipServer a = KmipServer.start(
                        TestServerSettings.loopback(pki).withBindAddress(new InetSocketAddress("127.0.0.2", 0)),
                        countingEcho());
                KmipServer b = KmipServer.start(
                        TestServerSettings.loopback(pki).withBindAddress(new InetSocketAddress("127.0.0.3", 0)),
                        countingEcho());
                KmipTransport transport = new KmipTransport(
                        List.of(new KmipEndpoint("127.0.0.2", a.port()), new KmipEndpoint("127.0.0.3", b.port())),
                        tls,
                        patient)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("x")))
                    .isInstanceOfSatisfying(
                            KmipTransportException.class,
                            e -> assertThat(e.stage()).isEqualTo(Stage.SERVER_REJECTED));
            // A backoff pause (5 s) would mean a second round.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000L);
            assertThat(processed).hasValue(0);
        }
    }

    @Test
    void pinnedServerKeyReplacesTheHostnameCheck() throws Exception {
        ClientTlsConfig pinned = tls.withServerVerification(new ServerVerification.PinnedKey(
                ServerVerification.PinnedKey.pinOf(pki.server().certificate())));
        try (KmipServer server = KmipServer.start(
                        TestServerSettings.loopback(pki).withBindAddress(new InetSocketAddress("127.0.0.2", 0)),
                        countingEcho());
                KmipTransport transport =
                        new KmipTransport(new KmipEndpoint("127.0.0.2", server.port()), pinned, FAST)) {
            assertThat(KmipTestMessages.marker(transport.send(KmipTestMessages.request("pinned"))))
                    .isEqualTo("pinned");
        }
    }

    @Test
    void wrongPinIsRefusedBeforeAnyRequestIsSent() throws Exception {
        ClientTlsConfig wrongPin = tls.withServerVerification(new ServerVerification.PinnedKey(
                ServerVerification.PinnedKey.pinOf(otherPki.server().certificate())));
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipTransport transport = new KmipTransport(at(server), wrongPin, FAST)) {
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("x")))
                    .isInstanceOfSatisfying(
                            KmipTransportException.class,
                            e -> assertThat(e.stage()).isEqualTo(Stage.SERVER_REJECTED))
                    .hasMessageContaining("pin");
            assertThat(processed).hasValue(0);
        }
    }

    @Test
    void connectsFromTheConfiguredLocalAddress() throws Exception {
        InetAddress local = InetAddress.getByName("127.1.2.3"); // all of 127.0.0.0/8 is loopback on Linux
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ExecutorService accept = Executors.newSingleThreadExecutor();
            try {
                Future<InetAddress> seen = accept.submit(() -> {
                    try (Socket s = listener.accept()) {
                        return s.getInetAddress(); // then close: the client's handshake fails, which is expected
                    }
                });
                KmipEndpoint endpoint = new KmipEndpoint("127.0.0.1", listener.getLocalPort());
                assertThatThrownBy(() -> KmipConnection.open(endpoint, tls, FAST.withLocalAddress(local)))
                        .isInstanceOf(KmipTransportException.class);
                assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(local);
            } finally {
                accept.shutdownNow();
            }
        }
    }

    @Test
    void theServersPerSourceLimitCountsEachLocalAddressAsItsOwnSource() throws Exception {
        ServerSettings onePerSource = TestServerSettings.loopback(pki)
                .withPeerLimits(PeerLimits.defaults().withPerSource(1, 1));
        TransportSettings noRetry = FAST.withRetries(1, Duration.ZERO, Duration.ZERO);
        try (KmipServer server = KmipServer.start(onePerSource, countingEcho());
                KmipTransport first = new KmipTransport(
                        at(server), tls, noRetry.withLocalAddress(InetAddress.getByName("127.1.0.1")));
                KmipTransport sameSource = new KmipTransport(
                        at(server), tls, noRetry.withLocalAddress(InetAddress.getByName("127.1.0.1")));
                KmipTransport otherSource = new KmipTransport(
                        at(server), tls, noRetry.withLocalAddress(InetAddress.getByName("127.1.0.2")))) {
            assertThat(KmipTestMessages.marker(first.send(KmipTestMessages.request("a"))))
                    .isEqualTo("a");

            assertThatThrownBy(() -> sameSource.send(KmipTestMessages.request("b")))
                    .as("127.1.0.1 already holds its one connection")
                    .isInstanceOf(KmipTransportException.class);
            assertThat(KmipTestMessages.marker(otherSource.send(KmipTestMessages.request("c"))))
                    .isEqualTo("c");
            assertThat(server.counters().sourceRefusals()).isEqualTo(1);
        }
    }

    @Test
    void readTimeoutFiresAndTheRequestIsNotSentAgain() throws Exception {
        KmipRequestProcessor slow = (request, client) -> {
            processed.incrementAndGet();
            if (KmipTestMessages.marker(request).equals("slow")) {
                sleep(1_500);
            }
            return KmipTestMessages.echoResponse(request, client);
        };
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), slow);
                KmipTransport transport =
                        new KmipTransport(at(server), tls, FAST.withReadTimeout(Duration.ofMillis(300)))) {
            // Connected and shaken hands first, so that the time below is the read timeout's alone.
            assertThat(KmipTestMessages.marker(transport.send(KmipTestMessages.request("warm"))))
                    .isEqualTo("warm");
            long start = System.nanoTime();
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("slow")))
                    .isInstanceOfSatisfying(KmipTransportException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.RECEIVE);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining("no response within");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_400L);
            sleep(1_600);
            assertThat(processed)
                    .as("a request that may have been processed is never resent")
                    .hasValue(2);
        }
    }

    /**
     * A peer that answers the handshake a byte at a time resets a per-read timeout forever: the handshake as a whole is
     * bounded by the read timeout (a byte every 200 ms of a 16,000-byte record would take 53 minutes).
     */
    @Test
    void aServerDribblingItsHandshakeIsCutOffAtTheReadTimeout() throws Exception {
        TransportSettings oneSecond = new TransportSettings(
                Duration.ofSeconds(2), Duration.ofSeconds(1), 64 * 1024, 1, Duration.ZERO, Duration.ZERO);
        try (java.net.ServerSocket listener =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread dribbler = new Thread(() -> {
                try (java.net.Socket peer = listener.accept()) {
                    var out = peer.getOutputStream();
                    out.write(new byte[] {0x16, 0x03, 0x03, 0x3E, (byte) 0x80}); // a handshake record of 16,000 bytes
                    for (int i = 0; i < 100 && !peer.isClosed(); i++) { // at most 20 s
                        out.write(0);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (java.io.IOException | InterruptedException ignored) {
                    // the client hung up, as it should
                }
            });
            dribbler.setDaemon(true);
            dribbler.start();
            long start = System.nanoTime();
            try (KmipTransport transport =
                    new KmipTransport(new KmipEndpoint("127.0.0.1", listener.getLocalPort()), tls, oneSecond)) {
                assertThatThrownBy(() -> transport.send(KmipTestMessages.request("x")))
                        .isInstanceOfSatisfying(
                                KmipTransportException.class,
                                e -> assertThat(e.stage()).isEqualTo(Stage.HANDSHAKE))
                        .hasMessageContaining("not complete within PT1S");
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000L);
            dribbler.join(30_000);
        }
    }

    @Test
    void oversizeResponseIsRefusedWithoutReadingIt() throws Exception {
        KmipRequestProcessor big = (request, client) -> Ttlv.structure(
                KmipTestMessages.RESPONSE_MESSAGE, Ttlv.bytes(KmipTestMessages.RESULT_MESSAGE, new byte[100_000]));
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), big);
                KmipTransport transport = new KmipTransport(at(server), tls, FAST.withMaxResponseBytes(16 * 1024))) {
            assertThatThrownBy(() -> transport.send(KmipTestMessages.request("big")))
                    .isInstanceOfSatisfying(
                            KmipTransportException.class,
                            e -> assertThat(e.stage()).isEqualTo(Stage.PROTOCOL))
                    .hasMessageContaining("exceeds the limit of 16384 bytes");
        }
    }

    @Test
    void pykmipCompatiblePolicyReachesAServerOfferingOnlyCbcSuites() throws Exception {
        ServerSettings cbcOnly = TestServerSettings.loopback(pki)
                .withTls(TestServerSettings.tls(pki)
                        .withCipherSuites(List.of(KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384)));
        try (KmipServer server = KmipServer.start(cbcOnly, countingEcho())) {
            assertThatThrownBy(() -> KmipConnection.open(at(server), tls, FAST).close())
                    .isInstanceOfSatisfying(
                            KmipTransportException.class,
                            e -> assertThat(e.retryable()).isFalse());

            try (KmipConnection c =
                    KmipConnection.open(at(server), tls.withCipherPolicy(CipherPolicy.PYKMIP_COMPATIBLE), FAST)) {
                assertThat(c.negotiated()).isEqualTo("TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
                assertThat(KmipTestMessages.marker(c.exchange(KmipTestMessages.request("cbc"))))
                        .isEqualTo("cbc");
            }
        }
    }

    @Test
    void modernPolicyNegotiatesTls13ByDefault() throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipConnection c = KmipConnection.open(at(server), tls, FAST)) {
            assertThat(c.negotiated()).startsWith("TLSv1.3 ");
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnResponse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), countingEcho());
                KmipTransport transport = new KmipTransport(at(server), tls, FAST)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String marker = "m" + i;
                results.add(
                        pool.submit(() -> KmipTestMessages.marker(transport.send(KmipTestMessages.request(marker)))));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("m" + i);
            }
            assertThat(transport.connectionsOpened()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
