package dev.snpkm.server.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.ratelimit.RateLimit;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.store.ConsumedNonce;
import dev.snpkm.server.store.ExpiredNoncePurge;
import dev.snpkm.server.store.NonceStore;
import dev.snpkm.server.testing.AuditRows;
import dev.snpkm.server.testing.Await;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.tls.CaBundle;
import dev.snpkm.server.tls.ClientCrls;
import dev.snpkm.server.transport.PeerLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one wiring, as tests and the appliance both start it, over real TLS with a real H2 file. */
class KmipServerBuilderTest {
    @TempDir
    Path dir;

    @Test
    void aServerWithTheDefaultsAuditsActionsAndMetersRequests() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RunningKmipServer server = builder(pki).meters(meters).start();
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            ResponseBatchItem created = call(c, Operation.CREATE, Requests.aes(256));
            assertThat(created.isSuccess()).as(created.resultMessage()).isTrue();
            String uid = created.payload(Create.Response.class).orElseThrow().uniqueIdentifier();

            assertThat(auditRecords(server))
                    .as("the Create is in the audit chain")
                    .contains(List.of(
                            Accountability.actor(ClientIdentity.of(pki.client().certificate())),
                            "Create",
                            uid,
                            "success"));
            assertThat(server.audit().verify().intact()).isTrue();
            assertThat(meters.get("kmip.requests")
                            .tag("operation", "create")
                            .tag("result", "success")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aClientRevokedInTheDenyListIsRefusedOnItsOpenConnectionCountedAndAudited() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        Path revoked = dir.resolve("revoked-clients.txt");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RunningKmipServer server =
                        builder(pki).meters(meters).revokedClients(revoked).start();
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            assertThat(call(c, Operation.CREATE, Requests.aes(128)).isSuccess()).isTrue();

            Files.writeString(
                    revoked, ClientIdentity.of(pki.client().certificate()).sha256Fingerprint() + "\n");
            for (int i = 0; i < 3; i++) {
                ResponseBatchItem refused = call(c, Operation.CREATE, Requests.aes(128));
                assertThat(refused.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
                assertThat(refused.resultMessage()).contains("revoked");
            }

            assertThat(meters.get("kmip_revoked_client_requests")
                            .tag("check", "deny_list")
                            .counter()
                            .count())
                    .isEqualTo(3);
            assertThat(meters.get("kmip.requests")
                            .tag("operation", "create")
                            .tag("result", "success")
                            .counter()
                            .count())
                    .as("refused before the engine")
                    .isEqualTo(1);
            // The first refusal at once; the next two are summarised when the interval is over, not one by one.
            assertThat(auditRecords(server))
                    .filteredOn(r -> r.get(1).equals("deny-list"))
                    .extracting(r -> r.get(3))
                    .containsExactly("refused");
        }
    }

    @Test
    void requestsOverTheClientsRateAreAuditedOnceAndThenCounted() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        try (RunningKmipServer server = KmipServerBuilder.serving(
                                TestServerSettings.loopback(pki)
                                        .withPeerLimits(PeerLimits.defaults().withRequestRate(new RateLimit(0.01, 2))),
                                new SoftwareMasterKey(1, kek))
                        .h2File(dir.resolve("store"))
                        .start();
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            for (int i = 0; i < 2; i++) {
                assertThat(call(c, Operation.CREATE, Requests.aes(128)).isSuccess())
                        .isTrue();
            }
            for (int i = 0; i < 4; i++) {
                assertThat(call(c, Operation.CREATE, Requests.aes(128)).resultReason())
                        .isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            }
            // A refusal answered on the event loop is audited from a worker, so the last ones may come a little later.
            Await.until(
                    () -> {
                        server.refusals().flushAll();
                        return rateLimitedOutcomes(server).contains("refused-repeatedly");
                    },
                    10);
            List<String> outcomes = rateLimitedOutcomes(server);
            assertThat(outcomes.get(0)).isEqualTo("refused");
            assertThat(outcomes)
                    .as("four refusals, aggregated: not a record each")
                    .hasSizeLessThan(4);
        }
    }

    @Test
    void aCertificateACrlRevokesWhileItsConnectionIsOpenIsRefusedOnItsNextRequest() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        Path crl =
                pki.writeCrl("clients.crl", TestPki.CrlSigner.CA, Instant.now().plus(Duration.ofDays(7)), false);
        ClientCrls crls = ClientCrls.load(List.of(crl), CaBundle.read(pki.caCertificatePem()), Clock.systemUTC());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        try (RunningKmipServer server = KmipServerBuilder.serving(
                                TestServerSettings.loopback(pki)
                                        .withTls(TestServerSettings.tls(pki).withClientCrls(crls)),
                                new SoftwareMasterKey(1, kek))
                        .h2File(dir.resolve("store"))
                        .meters(meters)
                        .start();
                KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            assertThat(call(c, Operation.CREATE, Requests.aes(128)).isSuccess()).isTrue();

            pki.writeCrl(
                    "clients.crl", TestPki.CrlSigner.CA, Instant.now().plus(Duration.ofDays(7)), false, pki.client());
            Files.setLastModifiedTime(crl, FileTime.from(Instant.now().plusSeconds(5)));

            ResponseBatchItem refused = call(c, Operation.CREATE, Requests.aes(128));
            assertThat(refused.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(refused.resultMessage()).contains("CRL");
            assertThat(meters.get("kmip_revoked_client_requests")
                            .tag("check", "crl")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(auditRecords(server))
                    .filteredOn(r -> r.get(1).equals("crl"))
                    .extracting(r -> r.get(3))
                    .containsExactly("refused");
        }
    }

    @Test
    void expiredNoncesArePurgedByTheServer() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        AtomicReference<NonceStore> nonces = new AtomicReference<>();
        try (RunningKmipServer server = builder(pki)
                .noncePurgeInterval(Duration.ofMillis(100))
                .gate(parts -> {
                    nonces.set(parts.nonces());
                    return KeyReleaseGate.DENY_ALL;
                })
                .start()) {
            byte[] hash = new byte[32];
            nonces.get()
                    .markUsed(new ConsumedNonce(
                            "n-1",
                            hash,
                            "CN=vm",
                            "uid-1",
                            Instant.now()
                                    .minus(ExpiredNoncePurge.CLOCK_SKEW_GRACE)
                                    .minusSeconds(1)));
            Await.until(() -> countNonces(server) == 0, 10);
            assertThat(countNonces(server)).isZero();
        }
    }

    private KmipServerBuilder builder(TestPki pki) {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return KmipServerBuilder.serving(TestServerSettings.loopback(pki), new SoftwareMasterKey(1, kek))
                .h2File(dir.resolve("store"));
    }

    private static ResponseBatchItem call(KmipTestConnection c, Operation op, RequestPayload payload) throws Exception {
        return MessageMapper.responseFromTtlv(c.roundTrip(MessageMapper.toTtlv(RequestMessage.of(
                        RequestHeader.builder(KmipVersion.V2_1).build(), List.of(RequestBatchItem.of(op, payload))))))
                .batchItems()
                .get(0);
    }

    private static List<List<String>> auditRecords(RunningKmipServer server) {
        return AuditRows.of(server.database());
    }

    private static List<String> rateLimitedOutcomes(RunningKmipServer server) {
        return auditRecords(server).stream()
                .filter(r -> r.get(1).equals("rate-limited"))
                .map(r -> r.get(3))
                .toList();
    }

    private static long countNonces(RunningKmipServer server) {
        return server.database().read("count nonces", c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM attestation_nonce")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
