package dev.snpkm.appliance;

import static dev.snpkm.appliance.ApplianceProcessIT.kmipctl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.ApplianceProcessIT.Result;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.appliance.testing.SimulatedGuest;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.enums.ResultReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 "Availability" against the real appliance process: stalled ops-HTTP clients, a nonce-hungry client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApplianceAvailabilityProcessIT {
    private Path dataDir;
    private ApplianceProcess appliance;
    private ApplianceProcess.ReadyLine ready;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dataDir = tmp.resolve("data");
        Path policies = tmp.resolve("policies.yaml");
        Files.writeString(policies, "policies:\n  vm-disk:\n    measurements: []\n");
        Path config = tmp.resolve("appliance.yaml");
        Files.writeString(config, """
                kmip:
                  address: 127.0.0.1
                  port: 0
                metrics:
                  port: 0
                  request-timeout-seconds: 2
                limits:
                  workers: 2
                  per-client:
                    nonces-per-minute: 1
                    nonce-burst: 2
                policies: %s
                """.formatted(policies));
        appliance = ApplianceProcess.start(config, dataDir);
        ready = appliance.awaitReady();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (appliance != null) {
            assertThat(appliance.terminate()).as(appliance.output()).isZero();
        }
    }

    @Test
    void stalledOpsHttpClientsDoNotStopHealthzAndAreCutOffAtTheRequestDeadline() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // two were enough to stop the old two-thread server
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", ready.metricsPort()), 2000);
                s.getOutputStream()
                        .write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                .getBytes(StandardCharsets.US_ASCII)); // and never the blank line that ends the request
                stalled.add(s);
            }
            Thread.sleep(300);

            HttpResponse<String> healthz = get("/healthz");
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(get("/metrics").body()).contains("kmip_connections_refused_source_total");

            for (Socket s : stalled) { // 2 s request deadline, checked every second
                assertThat(closedWithin(s, Duration.ofSeconds(10))).isTrue();
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void attestationChallengesAreRateLimitedPerClientCertificate(@TempDir Path tmp) throws Exception {
        Path guestDir = tmp.resolve("guest");
        Result issued = kmipctl(
                "clients",
                "issue",
                "--cn",
                "guest-1",
                "--vm",
                "--out",
                guestDir.toString(),
                "--data-dir",
                dataDir.toString());
        assertThat(issued.exit()).as(issued.err()).isZero();
        Result created = keys("create", "--name", "vm-rate-disk");
        assertThat(created.exit()).as(created.err()).isZero();
        String uid = created.out().strip();
        assertThat(keys("bind", uid, "--policy", "vm-disk").exit()).isZero();
        assertThat(keys("grant", uid, "--client", "CN=guest-1").exit()).isZero();

        for (int i = 0; i < 2; i++) { // the burst: challenged, then refused (reports not signed by AMD's roots)
            assertThatThrownBy(() -> fetch(guestDir, uid))
                    .isInstanceOfSatisfying(
                            KmipOperationException.class,
                            e -> assertThat(e.is(ResultReason.ATTESTATION_FAILED))
                                    .as(e.getMessage())
                                    .isTrue());
        }
        assertThatThrownBy(() -> fetch(guestDir, uid)).isInstanceOfSatisfying(KmipOperationException.class, e -> {
            assertThat(e.is(ResultReason.SERVER_LIMIT_EXCEEDED) || e.is(ResultReason.GENERAL_FAILURE))
                    .as(e.getMessage())
                    .isTrue();
            assertThat(e.getMessage()).contains("rate limit exceeded", "attestation challenges");
        });

        String metrics = get("/metrics").body();
        assertThat(metrics)
                .contains(
                        "kmip_rate_limited_total{limit=\"nonces\"} 1.0",
                        "kmip_key_releases_total{policy=\"vm-disk\",reason=\"ATTESTATION_REQUIRED\",result=\"challenged\"} 2.0");
        assertThat(keys("list").exit()).as("another client is not limited").isZero();
    }

    private void fetch(Path guestDir, String uid) throws Exception {
        KmipTransport transport = new KmipTransport(
                KmipEndpoint.parse("127.0.0.1:" + ready.kmipPort()),
                ClientTlsConfig.fromPem(
                        guestDir.resolve("ca.pem"), guestDir.resolve("guest-1.pem"), guestDir.resolve("guest-1.key")),
                TransportSettings.defaults()
                        .withConnectTimeout(Duration.ofSeconds(5))
                        .withReadTimeout(Duration.ofSeconds(30)));
        try (KmipClient client = new KmipClient(transport)) {
            new AttestedKeyFetcher(client, new SimulatedGuest(new byte[48]))
                    .fetch(uid)
                    .destroy();
        }
    }

    private Result keys(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "keys", args[0], "--server", "127.0.0.1:" + ready.kmipPort(), "--data-dir", dataDir.toString()));
        all.addAll(Stream.of(args).skip(1).toList());
        return kmipctl(all.toArray(String[]::new));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready.metricsPort() + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static boolean closedWithin(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // a 408 or similar before the close is fine; the point is the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
