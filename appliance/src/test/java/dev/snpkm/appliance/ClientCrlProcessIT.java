package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.bootstrap.ExternalClientCa;
import dev.snpkm.appliance.bootstrap.ExternalClientCa.IssuedFiles;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.enums.ResultReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tls.client-crls on the real appliance with an "enterprise" client CA: a CRL rewritten while running refuses the
 * revoked client's next handshake and the next request of its already-open connection, and a forged rewrite keeps the
 * previous CRL. Each client here opens exactly one connection (its transport reuses it), with its own SSLContext.
 * Once per tls.provider (BoringSSL and the JDK): the handshake refusal must hold with both; BoringSSL runs on the
 * native epoll transport and the JDK's TLS on NIO, so the appliance's choice of each is shown too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientCrlProcessIT {
    private static final Instant NEXT_WEEK = Instant.now().plus(Duration.ofDays(7));

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void aCrlRewrittenWhileRunningRefusesTheNextHandshakeAndTheOpenConnectionsNextRequest(String provider)
            throws Exception {
        ExternalClientCa ca = ExternalClientCa.create(tmp.resolve("enterprise"), "enterprise-ca");
        IssuedFiles server = ca.issueServer();
        IssuedFiles alice = ca.issueClient("alice");
        IssuedFiles bob = ca.issueClient("bob");
        Path crl = ca.writeCrl("clients.crl", NEXT_WEEK, false);
        String transport = provider.equals("openssl") ? "epoll" : "nio";
        Path config = Files.writeString(tmp.resolve("appliance.yaml"), """
                kmip:
                  address: 127.0.0.1
                  port: 0
                  transport: %s
                metrics:
                  port: 0
                limits:
                  workers: 2
                tls:
                  certificate: %s
                  private-key: %s
                  client-ca: %s
                  client-crls: [%s]
                  provider: %s
                """.formatted(
                        transport, server.certificate(), server.privateKey(), ca.caPem(), crl, provider));

        try (ApplianceProcess appliance = ApplianceProcess.start(config, tmp.resolve("data"))) {
            ApplianceProcess.ReadyLine ready = appliance.awaitReady();
            appliance.awaitLine(
                    l -> l.contains("event=kmip_listening")
                            && l.contains("transport=" + transport)
                            && l.contains("tls_provider=" + provider),
                    Duration.ofSeconds(10));
            assertThat(metric(ready, "kmip_tls_provider_info{provider=\"" + provider + "\"}"))
                    .isEqualTo(1.0);
            assertThat(metric(ready, "kmip_transport_info{transport=\"" + transport + "\"}"))
                    .isEqualTo(1.0);
            KmipTransport aliceConnection = transport(ca, alice, ready);
            try (KmipClient aliceOpen = new KmipClient(aliceConnection);
                    KmipClient bobOpen = new KmipClient(transport(ca, bob, ready))) {
                assertThat(aliceOpen.discoverVersions()).isNotEmpty();
                assertThat(bobOpen.discoverVersions()).isNotEmpty();

                ca.writeCrl("clients.crl", NEXT_WEEK, false, alice.x509());

                assertThatThrownBy(aliceOpen::discoverVersions)
                        .isInstanceOfSatisfying(
                                KmipOperationException.class,
                                e -> assertThat(e.is(ResultReason.PERMISSION_DENIED))
                                        .as(e.getMessage())
                                        .isTrue());
                assertThat(aliceConnection.connectionsOpened())
                        .as("refused on the open connection")
                        .isEqualTo(1);
                assertThatThrownBy(() -> discoverVersionsOnce(ca, alice, ready))
                        .isInstanceOf(KmipTransportException.class);
                String serial = alice.x509().getSerialNumber().toString(16);
                appliance.awaitLine(
                        l -> l.contains("event=tls_handshake_failed")
                                && l.contains("CN=alice")
                                && l.contains("serial " + serial)
                                && l.contains("is revoked by the CRL"),
                        Duration.ofSeconds(10));
                assertThat(metric(ready, "kmip_tls_handshake_failures_total")).isEqualTo(1.0);
                assertThat(metric(ready, "kmip_revoked_client_requests_total{check=\"crl\"}"))
                        .as("the open connection's refused request")
                        .isEqualTo(1.0);
                assertThat(bobOpen.discoverVersions()).as("same CA, not listed").isNotEmpty();
                assertThat(discoverVersionsOnce(ca, bob, ready)).isNotEmpty();

                // A forged CRL (not signed by the CA) that would revoke bob: rejected, the previous CRL stays.
                ca.writeCrl("clients.crl", NEXT_WEEK, true, bob.x509());

                assertThat(bobOpen.discoverVersions()).isNotEmpty();
                appliance.awaitLine(
                        l -> l.contains("ERROR")
                                && l.contains("event=client_crl_rejected")
                                && l.contains("signature does not verify"),
                        Duration.ofSeconds(10));
                assertThat(discoverVersionsOnce(ca, bob, ready)).isNotEmpty();

                // A well-signed CRL revoking bob, in a file others can write: the file is checked at each re-read as
                // at start, so it is not believed either.
                Files.setPosixFilePermissions(crl, PosixFilePermissions.fromString("rw-rw-rw-"));
                ca.writeCrl("clients.crl", NEXT_WEEK, false, alice.x509(), bob.x509());
                assertThat(discoverVersionsOnce(ca, bob, ready)).isNotEmpty();
                String untrusted = "tls.client-crls: " + crl.toRealPath() + " is writable by others";
                appliance.awaitLine(
                        l -> l.contains("event=client_crl_rejected") && l.contains(untrusted), Duration.ofSeconds(10));
                // The fix is a chmod: the file is read again, and bob is refused from then on.
                Files.setPosixFilePermissions(crl, PosixFilePermissions.fromString("rw-r--r--"));
                assertThatThrownBy(() -> discoverVersionsOnce(ca, bob, ready))
                        .isInstanceOf(KmipTransportException.class);
                assertThatThrownBy(aliceOpen::discoverVersions).isInstanceOf(KmipOperationException.class);
                // Both refusals are accounted for in the audit chain: one record now, the repeat as a later count.
                var tail = ApplianceProcessIT.kmipctl(
                        "audit",
                        "tail",
                        "-n",
                        "50",
                        "--admin-url",
                        "http://127.0.0.1:" + ready.metricsPort(),
                        "--data-dir",
                        tmp.resolve("data").toString());
                assertThat(tail.out()
                                .lines()
                                .filter(l -> l.contains("action=crl")
                                        && l.contains("CN=alice")
                                        && l.contains("outcome=refused ")))
                        .hasSize(1);
            }
            assertThat(appliance.output()).doesNotContain("PRIVATE KEY");
            assertThat(appliance.terminate()).as(appliance.output()).isZero();
        }
    }

    private static KmipTransport transport(ExternalClientCa ca, IssuedFiles client, ApplianceProcess.ReadyLine ready)
            throws Exception {
        return new KmipTransport(
                KmipEndpoint.parse("127.0.0.1:" + ready.kmipPort()),
                ClientTlsConfig.fromPem(ca.caPem(), client.certificate(), client.privateKey()),
                TransportSettings.defaults()
                        .withConnectTimeout(Duration.ofSeconds(5))
                        .withReadTimeout(Duration.ofSeconds(30))
                        .withRetries(1, Duration.ZERO, Duration.ZERO));
    }

    /** A new connection (new SSLContext, so a full handshake, no resumption) for one request. */
    private static List<?> discoverVersionsOnce(
            ExternalClientCa ca, IssuedFiles client, ApplianceProcess.ReadyLine ready) throws Exception {
        try (KmipClient c = new KmipClient(transport(ca, client, ready))) {
            return c.discoverVersions();
        }
    }

    private static double metric(ApplianceProcess.ReadyLine ready, String name) throws Exception {
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready.metricsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
