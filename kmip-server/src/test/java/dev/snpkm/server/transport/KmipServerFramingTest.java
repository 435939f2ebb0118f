package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.marker;
import static dev.snpkm.server.testing.KmipTestMessages.protocolVersion;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static dev.snpkm.server.testing.KmipTestMessages.resultMessage;
import static dev.snpkm.server.testing.KmipTestMessages.resultReason;
import static dev.snpkm.server.testing.KmipTestMessages.resultStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmipServerFramingTest {
    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
    }

    @Test
    void headerAnnouncingAnOversizeMessageClosesTheConnection() throws Exception {
        try (KmipServer server = KmipServer.start(
                        TestServerSettings.loopback(pki).withMaxMessageBytes(1024), KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            // Request Message, Structure, Length 4088: 4 KiB in all, over the 1 KiB limit.
            c.send(new byte[] {0x42, 0x00, 0x78, 0x01, 0x00, 0x00, 0x0F, (byte) 0xF8});

            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat(server.counters().framingErrors()).isEqualTo(1);
        }
    }

    @Test
    void garbageHeaderClosesTheConnection() throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            c.send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(c.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat(server.counters().framingErrors()).isEqualTo(1);
        }
    }

    @Test
    void wellFramedInvalidTtlvGetsInvalidMessageAndTheConnectionKeepsWorking() throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            byte[] bad = TtlvEncoder.encode(request(2, 0, "bad"));
            bad[59] = 0x0F; // Batch Count (at offset 56) gets an item type that does not exist

            c.send(bad);
            Ttlv error = c.receive();

            assertThat(resultStatus(error)).isEqualTo("Operation Failed");
            assertThat(resultReason(error)).contains("Invalid Message");
            assertThat(resultMessage(error)).contains("offset 56").contains("unknown item type 0x0F");
            assertThat(protocolVersion(error))
                    .as("the readable request version is echoed")
                    .isEqualTo("2.0");
            assertThat(server.counters().invalidMessages()).isEqualTo(1);

            Ttlv next = c.roundTrip(request("after"));
            assertThat(resultStatus(next)).isEqualTo("Success");
            assertThat(marker(next)).isEqualTo("after");
        }
    }

    @Test
    void invalidMessageWithUnreadableVersionIsAnsweredInTheFallback10() throws Exception {
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            byte[] bad = TtlvEncoder.encode(request(2, 1, "bad"));
            bad[27] = 0x0F; // Protocol Version Major gets an item type that does not exist

            c.send(bad);
            Ttlv error = c.receive();

            assertThat(resultReason(error)).contains("Invalid Message");
            assertThat(protocolVersion(error)).isEqualTo("1.0");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrderEvenWhenTheFirstIsSlowest() throws Exception {
        KmipRequestProcessor slowFirst = (req, client) -> {
            String m = marker(req);
            sleep(m.equals("a") ? 300 : m.equals("b") ? 100 : 0);
            return KmipTestMessages.echoResponse(req, client);
        };
        try (KmipServer server = KmipServer.start(TestServerSettings.loopback(pki), slowFirst);
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            ByteArrayOutputStream three = new ByteArrayOutputStream();
            for (String m : List.of("a", "b", "c")) {
                three.writeBytes(TtlvEncoder.encode(request(m)));
            }
            c.send(three.toByteArray()); // one write: the frames arrive together

            List<String> order = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                order.add(marker(c.receive()));
            }
            assertThat(order).containsExactly("a", "b", "c");
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
