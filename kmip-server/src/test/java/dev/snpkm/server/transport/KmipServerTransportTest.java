package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.marker;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static dev.snpkm.server.testing.KmipTestMessages.resultStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The listener on each socket layer: Netty's native epoll and the JDK's NIO selector serve the same protocol. */
class KmipServerTransportTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static SSLContext client;

    @BeforeAll
    static void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
        client = pki.clientContext(pki.client());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = NetworkTransport.class,
            names = {"EPOLL", "NIO"})
    void eachTransportServesMutualTlsRequestsInOrder(NetworkTransport transport) throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki).withTransport(transport);
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo());
                KmipTestConnection c = KmipTestConnection.open(client, server.port())) {
            assertThat(server.transport()).isEqualTo(transport);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(marker(c.roundTrip(request("request " + i))));
            }

            assertThat(answers).hasSize(20).allSatisfy(a -> assertThat(a).startsWith("request "));
            assertThat(answers.get(19)).isEqualTo("request 19");
            assertThat(resultStatus(c.roundTrip(request("last")))).isEqualTo("Success");
            assertThat(server.counters().connectionsAccepted()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = NetworkTransport.class,
            names = {"EPOLL", "NIO"})
    void eachTransportEnforcesTheConnectionLimitAndIdleTimeout(NetworkTransport transport) throws Exception {
        ServerSettings settings = TestServerSettings.loopback(pki)
                .withTransport(transport)
                .withMaxConnections(1)
                .withIdleTimeout(Duration.ofSeconds(3)); // the first must still hold its slot when the second comes
        try (KmipServer server = KmipServer.start(settings, KmipTestMessages.echo());
                KmipTestConnection first = KmipTestConnection.open(client, server.port())) {
            first.roundTrip(request("first"));

            assertThatThrownBy(() -> {
                        try (KmipTestConnection second = KmipTestConnection.open(client, server.port())) {
                            second.roundTrip(request("second"));
                        }
                    })
                    .isInstanceOf(IOException.class);
            assertThat(server.counters().connectionsRejected()).isEqualTo(1);
            assertThat(first.closedByServer(Duration.ofSeconds(10))).isTrue();
            assertThat(server.counters().idleClosures()).isEqualTo(1);
        }
    }

    /** The product ships epoll's native library for linux-x86_64: there AUTO must pick it, elsewhere NIO. */
    @Test
    void autoPicksEpollWhereItsNativeLibraryShips() {
        boolean linuxX64 =
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        if (linuxX64) {
            assertThat(Epoll.isAvailable()).as("epoll native library loads").isTrue();
        }
        assertThat(NetworkTransport.AUTO.resolve())
                .isEqualTo(Epoll.isAvailable() ? NetworkTransport.EPOLL : NetworkTransport.NIO);
        assertThat(NetworkTransport.NIO.resolve()).isEqualTo(NetworkTransport.NIO);
    }

    @Test
    void configurationSpellingsParseAndAnUnknownOneIsNamed() {
        assertThat(NetworkTransport.parse("auto")).isEqualTo(NetworkTransport.AUTO);
        assertThat(NetworkTransport.parse("epoll")).isEqualTo(NetworkTransport.EPOLL);
        assertThat(NetworkTransport.parse("nio")).isEqualTo(NetworkTransport.NIO);
        assertThatThrownBy(() -> NetworkTransport.parse("io_uring"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'io_uring' is not a network transport (one of auto, epoll, nio)");
    }
}
