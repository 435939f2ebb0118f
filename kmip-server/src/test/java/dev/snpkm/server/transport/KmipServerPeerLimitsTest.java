package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.marker;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static dev.snpkm.server.testing.KmipTestMessages.resultMessage;
import static dev.snpkm.server.testing.KmipTestMessages.resultReason;
import static dev.snpkm.server.testing.KmipTestMessages.resultStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.ratelimit.RateLimit;
import dev.snpkm.server.testing.Await;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 14 "Availability" against the real TLS listener: a raw connection flood from one address, a
 * slowloris frame, a client that pipelines large answers and never reads, a client over its request rate.
 */
class KmipServerPeerLimitsTest {
    private static final InetAddress FLOODER = loopback("127.0.0.2");

    @TempDir
    static Path dir;

    static TestPki pki;
    static SSLContext client;
    private final List<Socket> raw = new ArrayList<>();

    @BeforeAll
    static void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
        client = pki.clientContext(pki.client());
    }

    @AfterEach
    void closeRawSockets() {
        raw.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        });
    }

    @Test
    void aRawConnectionFloodFromOneAddressDoesNotLockOutAnother() throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withMaxConnections(60)
                .withPeerLimits(PeerLimits.defaults()
                        .withPerSource(20, 20)
                        .withReservedConnections(10)
                        // admission is under test, not the short handshake budget under pressure (2 s)
                        .withHandshakeTimeoutUnderPressure(Duration.ofSeconds(30)));
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo())) {
            for (int i = 0; i < 300; i++) {
                raw.add(rawFrom(FLOODER, server.port())); // connects, never says a word
            }
            Await.until(() -> server.counters().connectionsRejected() >= 280, 10);

            try (KmipTestConnection legit = KmipTestConnection.open(client, server.port())) {
                assertThat(marker(legit.roundTrip(request("still served")))).isEqualTo("still served");
            }
            assertThat(server.counters().sourceRefusals()).isGreaterThanOrEqualTo(280);
            assertThat(stillOpen(raw)).isEqualTo(20);
        }
    }

    @Test
    void theLastSlotsAreKeptForSourcesWithoutAConnection() throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withMaxConnections(30)
                .withPeerLimits(PeerLimits.defaults()
                        .withPerSource(30, 30)
                        .withReservedConnections(10)
                        .withHandshakeTimeoutUnderPressure(Duration.ofSeconds(30)));
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo())) {
            for (int i = 0; i < 30; i++) {
                raw.add(rawFrom(FLOODER, server.port()));
            }
            Await.until(() -> server.counters().connectionsRejected() == 10, 10);

            assertThat(stillOpen(raw)).isEqualTo(20); // its own limit would allow 30: the reserve stopped it
            try (KmipTestConnection legit = KmipTestConnection.open(client, server.port())) {
                assertThat(marker(legit.roundTrip(request("newcomer")))).isEqualTo("newcomer");
            }
        }
    }

    @Test
    void underPressureHandshakesGetTheShortBudget() throws Exception {
        // 8 slots: pressure from 2 pending handshakes on. The first two keep the long budget.
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withMaxConnections(8)
                .withHandshakeTimeout(Duration.ofSeconds(30))
                .withPeerLimits(PeerLimits.defaults()
                        .withPerSource(8, 8)
                        .withReservedConnections(0)
                        .withHandshakeTimeoutUnderPressure(Duration.ofMillis(300)));
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo())) {
            Socket first = rawFrom(FLOODER, server.port());
            Socket second = rawFrom(FLOODER, server.port());
            raw.addAll(List.of(first, second));
            Await.until(() -> server.pendingHandshakes() == 2, 10);
            Socket third = rawFrom(FLOODER, server.port());
            raw.add(third);

            assertThat(closedWithin(third, Duration.ofSeconds(5))).isTrue();
            assertThat(closedWithin(first, Duration.ofMillis(500))).isFalse();
            assertThat(server.counters().handshakeFailures()).isEqualTo(1);
        }
    }

    @Test
    void aFrameThatTricklesInIsCutOffAtTheFrameDeadline() throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withIdleTimeout(Duration.ofSeconds(30))
                .withPeerLimits(PeerLimits.defaults().withFrameTimeout(Duration.ofMillis(600)));
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(client, server.port())) {
            byte[] frame = TtlvEncoder.encode(request("slowloris"));
            boolean cut = false;
            for (int i = 0; i < frame.length - 1 && !cut; i++) { // one byte every 100 ms resets any idle timer
                try {
                    c.send(new byte[] {frame[i]});
                } catch (IOException e) {
                    cut = true;
                }
                Thread.sleep(100);
                cut |= server.counters().frameTimeouts() > 0;
            }

            assertThat(cut).isTrue();
            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat(server.counters().frameTimeouts()).isEqualTo(1);
            assertThat(server.counters().idleClosures()).isZero();
        }
    }

    @Test
    void aFrameSentInPartsWithinTheDeadlineIsAnswered() throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withPeerLimits(PeerLimits.defaults().withFrameTimeout(Duration.ofSeconds(3)));
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(client, server.port())) {
            for (int round = 0; round < 3; round++) {
                byte[] frame = TtlvEncoder.encode(request("in parts " + round));
                c.send(Arrays.copyOf(frame, 20));
                Thread.sleep(300);
                c.send(Arrays.copyOfRange(frame, 20, frame.length));
                assertThat(marker(c.receive())).isEqualTo("in parts " + round);
            }
            assertThat(server.counters().frameTimeouts()).isZero();
        }
    }

    @Test
    void aClientPipeliningLargeAnswersWithoutReadingHoldsNoWorkerAndLosesNothing() throws Exception {
        int answerBytes = 1024 * 1024;
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withWorkers(1, 16)
                .withPeerLimits(PeerLimits.defaults().withMaxUnsentResponseBytes(256 * 1024));
        KmipRequestProcessor largeAnswers = (req, id) -> withResultMessage(
                KmipTestMessages.echoResponse(req, id),
                marker(req).startsWith("big") ? "x".repeat(answerBytes) : "small");
        int pipelined = 16; // the default per-connection queue: none is answered "busy"
        try (KmipServer server = KmipServer.start(settings, largeAnswers);
                KmipTestConnection greedy = KmipTestConnection.openWithReceiveBuffer(client, server.port(), 64 * 1024);
                KmipTestConnection other = KmipTestConnection.open(client, server.port())) {
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            for (int i = 0; i < pipelined; i++) {
                requests.writeBytes(TtlvEncoder.encode(request("big " + i)));
            }
            greedy.send(requests.toByteArray()); // and reads nothing
            Await.until(() -> server.counters().readPauses() > 0, 10);
            Thread.sleep(1000); // time to run every request, were it not held back
            long processedWhileStalled = server.counters().requestsProcessed();

            // The only worker is free: another connection is answered at once.
            assertThat(marker(other.roundTrip(request("other")))).isEqualTo("other");
            // Held back once ~256 KiB are unsent (plus what the kernel's socket buffers took): 4 here, 16 without it.
            assertThat(processedWhileStalled).isLessThanOrEqualTo(8);

            for (int i = 0; i < pipelined; i++) { // once the client reads, every answer arrives, in order
                Ttlv answer = greedy.receive();
                assertThat(marker(answer)).isEqualTo("big " + i);
                assertThat(resultMessage(answer)).hasSize(answerBytes);
            }
        }
    }

    @Test
    void queuedRequestsAreBoundedServerWideAndTheOverflowIsAnsweredBusyInItsTurn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        KmipRequestProcessor blocking = (req, id) -> {
            if (marker(req).startsWith("block")) {
                running.countDown();
                awaitQuietly(release);
            }
            return KmipTestMessages.echoResponse(req, id);
        };
        // Room for one 100 KiB request waiting, server-wide.
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withPeerLimits(PeerLimits.defaults().withMaxQueuedRequestBytes(150 * 1024));
        try (KmipServer server = KmipServer.start(settings, blocking);
                KmipTestConnection a = KmipTestConnection.open(client, server.port());
                KmipTestConnection b = KmipTestConnection.open(client, server.port())) {
            a.send(request("block a"));
            b.send(request("block b"));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            a.send(withPadding("queued a", 100 * 1024));
            Await.until(() -> server.queuedRequestBytes() > 100 * 1024, 10);
            b.send(withPadding("queued b", 100 * 1024)); // over the budget: kept as a few bytes, answered busy
            Await.until(() -> server.counters().busyResponses() == 1, 10);

            release.countDown();
            assertThat(marker(a.receive())).isEqualTo("block a");
            assertThat(marker(a.receive())).isEqualTo("queued a");
            assertThat(marker(b.receive())).isEqualTo("block b");
            Ttlv busy = b.receive();
            assertThat(resultMessage(busy)).contains("busy");
            assertThat(server.counters().busyResponses()).isEqualTo(1);
        }
    }

    @Test
    void requestsOverTheClientsRateAreRefusedWithServerLimitExceeded() throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withPeerLimits(PeerLimits.defaults().withRequestRate(new RateLimit(0.01, 3))); // no refill in the test
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo());
                KmipTestConnection a = KmipTestConnection.open(client, server.port());
                KmipTestConnection b = KmipTestConnection.open(client, server.port())) {
            for (int i = 0; i < 3; i++) {
                assertThat(resultStatus(a.roundTrip(request(2, 1, "ok " + i)))).isEqualTo("Success");
            }
            Ttlv v21 = b.roundTrip(request(2, 1, "over")); // the same certificate on another connection
            Ttlv v14 = a.roundTrip(request(1, 4, "over"));

            assertThat(resultStatus(v21)).isEqualTo("Operation Failed");
            assertThat(resultReason(v21)).contains("Server Limit Exceeded");
            assertThat(resultReason(v14)).contains("General Failure"); // 1.x has no Server Limit Exceeded
            assertThat(resultMessage(v14)).contains("rate limit exceeded");
            assertThat(server.rateLimitedRequests()).isEqualTo(2);
            assertThat(server.counters().rateLimited()).isEqualTo(2);
        }
    }

    /** A request whose marker is followed by {@code bytes} of padding in its payload. */
    private static Ttlv.Structure withPadding(String marker, int bytes) {
        Ttlv.Structure r = request(marker);
        int batchItem = KmipRegistry.get().tagValue("Batch Item");
        int payload = KmipRegistry.get().tagValue("Request Payload");
        int data = KmipRegistry.get().tagValue("Data");
        List<Ttlv> top = new ArrayList<>();
        for (Ttlv child : r.children()) {
            if (child.tag() != batchItem) {
                top.add(child);
                continue;
            }
            List<Ttlv> item = new ArrayList<>();
            for (Ttlv c : ((Ttlv.Structure) child).children()) {
                item.add(c.tag() == payload ? Ttlv.structure(payload, Ttlv.bytes(data, new byte[bytes])) : c);
            }
            top.add(Ttlv.structure(batchItem, item));
        }
        return Ttlv.structure(r.tag(), top);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Ttlv.Structure withResultMessage(Ttlv.Structure response, String message) {
        int resultMessage = KmipRegistry.get().tagValue("Result Message");
        int batchItem = KmipRegistry.get().tagValue("Batch Item");
        List<Ttlv> top = new ArrayList<>();
        for (Ttlv child : response.children()) {
            if (child.tag() == batchItem) {
                List<Ttlv> item = new ArrayList<>(((Ttlv.Structure) child)
                        .children().stream()
                                .filter(t -> t.tag() != resultMessage)
                                .toList());
                item.add(Ttlv.text(resultMessage, message));
                top.add(Ttlv.structure(batchItem, item));
            } else {
                top.add(child);
            }
        }
        return Ttlv.structure(response.tag(), top);
    }

    private Socket rawFrom(InetAddress source, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return s;
    }

    /** Sockets the server has not closed: a read times out instead of returning end-of-stream or failing. */
    private static int stillOpen(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket s : sockets) {
            if (!closedWithin(s, Duration.ofMillis(20))) {
                open++;
            }
        }
        return open;
    }

    private static boolean closedWithin(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) Math.max(1, within.toMillis()));
        try {
            InputStream in = s.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
