package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.marker;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static dev.snpkm.server.testing.KmipTestMessages.resultMessage;
import static dev.snpkm.server.testing.KmipTestMessages.resultReason;
import static dev.snpkm.server.testing.KmipTestMessages.resultStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.testing.Await;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmipServerLimitsTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static SSLContext client;

    @BeforeAll
    static void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
        client = pki.clientContext(pki.client());
    }

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki).withIdleTimeout(Duration.ofMillis(300));
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(client, server.port())) {
            c.roundTrip(request("then silence"));

            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat(server.counters().idleClosures()).isEqualTo(1);
        }
    }

    @Test
    void requestRunningLongerThanTheIdleTimeoutIsNotCutOff() throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki).withIdleTimeout(Duration.ofMillis(200));
        KmipRequestProcessor slow = (req, id) -> {
            KmipServerFramingTest.sleep(700);
            return KmipTestMessages.echoResponse(req, id);
        };
        try (KmipServer server = KmipServer.start(settings, slow);
                KmipTestConnection c = KmipTestConnection.open(client, server.port())) {
            assertThat(resultStatus(c.roundTrip(request("slow")))).isEqualTo("Success");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndCounted() throws Exception {
        try (KmipServer server =
                KmipServer.start(TestServerSettings.loopback(pki).withMaxConnections(1), KmipTestMessages.echo())) {
            try (KmipTestConnection first = KmipTestConnection.open(client, server.port())) {
                first.roundTrip(request("first"));

                assertThatThrownBy(() -> {
                            try (KmipTestConnection second = KmipTestConnection.open(client, server.port())) {
                                second.roundTrip(request("second"));
                            }
                        })
                        .isInstanceOf(IOException.class);
                assertThat(server.counters().connectionsRejected()).isEqualTo(1);
                assertThat(marker(first.roundTrip(request("first again")))).isEqualTo("first again");
            }
            // The slot frees when the first connection closes.
            Await.until(
                    () -> {
                        try (KmipTestConnection third = KmipTestConnection.open(client, server.port())) {
                            return marker(third.roundTrip(request("third"))).equals("third");
                        } catch (IOException e) {
                            return false;
                        }
                    },
                    5);
        }
    }

    @Test
    void saturatedWorkerPoolAnswersBusyInsteadOfHanging() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        KmipRequestProcessor blocking = (req, id) -> {
            if (marker(req).equals("block")) {
                entered.countDown();
                await(release);
            }
            return KmipTestMessages.echoResponse(req, id);
        };
        ServerSettings oneWorker = TestServerSettings.loopback(pki).withWorkers(1, 1);
        try (KmipServer server = KmipServer.start(oneWorker, blocking);
                KmipTestConnection a = KmipTestConnection.open(client, server.port());
                KmipTestConnection b = KmipTestConnection.open(client, server.port());
                KmipTestConnection c = KmipTestConnection.open(client, server.port())) {
            a.send(request("block"));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue(); // the only worker is busy
            b.send(request("queued"));
            Await.until(() -> server.queuedRequests() == 1, 5); // the only queue slot is taken

            Ttlv busy = c.roundTrip(request("rejected")); // answered at once, by the event loop

            assertThat(resultStatus(busy)).isEqualTo("Operation Failed");
            assertThat(resultReason(busy)).contains("General Failure");
            assertThat(resultMessage(busy)).contains("busy");
            assertThat(server.counters().busyResponses()).isEqualTo(1);

            release.countDown();
            assertThat(marker(a.receive())).isEqualTo("block");
            assertThat(marker(b.receive())).isEqualTo("queued");
            assertThat(marker(c.roundTrip(request("retry")))).isEqualTo("retry");
        }
    }

    @Test
    void connectionPipeliningPastItsQueueGetsBusyInItsTurn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        KmipRequestProcessor blocking = (req, id) -> {
            if (marker(req).equals("block")) {
                await(release);
            }
            return KmipTestMessages.echoResponse(req, id);
        };
        ServerSettings oneQueued = TestServerSettings.loopback(pki).withMaxPipelinedRequests(1);
        try (KmipServer server = KmipServer.start(oneQueued, blocking);
                KmipTestConnection c = KmipTestConnection.open(client, server.port())) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (String m : List.of("block", "x", "y")) {
                frames.writeBytes(TtlvEncoder.encode(request(m)));
            }
            c.send(frames.toByteArray());
            // All three read while the first is held: the third is counted busy on arrival, answered in its turn.
            Await.until(() -> server.counters().busyResponses() == 1, 5);
            release.countDown();

            assertThat(marker(c.receive())).isEqualTo("block");
            assertThat(marker(c.receive())).isEqualTo("x");
            Ttlv third = c.receive();
            assertThat(resultMessage(third)).contains("busy");
        }
    }

    @Test
    void gracefulShutdownFinishesTheRequestInProgressThenCloses() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        KmipRequestProcessor slow = (req, id) -> {
            entered.countDown();
            KmipServerFramingTest.sleep(500);
            return KmipTestMessages.echoResponse(req, id);
        };
        KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), slow);
        int port = server.port();
        try (KmipTestConnection c = KmipTestConnection.open(client, port)) {
            c.send(request("in flight"));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

            assertThat(marker(c.receive())).isEqualTo("in flight");
            closing.get(10, TimeUnit.SECONDS);
            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
        }
        assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    }
                })
                .isInstanceOf(IOException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
