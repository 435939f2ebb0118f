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
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.testing.AuditRows;
import dev.snpkm.server.testing.HttpBody;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.transport.HttpsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KMIP over HTTPS with a real client: curl (OpenSSL) with the test PKI's client certificate posts TTLV, JSON and XML
 * to the server as the one builder wires it (engine, deny list, audit, metrics), on a loopback ephemeral port.
 */
class CurlHttpsIT {
    private static final int KEY_MATERIAL = KmipRegistry.get().tagValue("Key Material");

    @TempDir
    Path dir;

    private TestPki pki;
    private int port;

    /** What curl got: the HTTP status, the Content-Type and the body. */
    private record Answer(int status, String contentType, byte[] body) {}

    @Test
    void createInJsonThenGetInXmlAndTtlvReleaseTheSameKeyAuditedAndMetered() throws Exception {
        pki = TestPki.generate(dir.resolve("pki"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Path revoked = dir.resolve("revoked-clients.txt");
        try (RunningKmipServer server =
                builder().meters(meters).revokedClients(revoked).start()) {
            port = server.port();
            ResponseBatchItem created = kmip(HttpBody.JSON, Operation.CREATE, Requests.aes(256));
            assertThat(created.isSuccess()).as(created.resultMessage()).isTrue();
            String uid = created.payload(Create.Response.class).orElseThrow().uniqueIdentifier();

            byte[] overXml = keyMaterial(post(HttpBody.XML, Operation.GET, Get.Request.of(uid)));
            byte[] overHttpsTtlv = keyMaterial(post(HttpBody.TTLV, Operation.GET, Get.Request.of(uid)));
            byte[] overTtlv;
            try (KmipTestConnection c = KmipTestConnection.open(pki.clientContext(pki.client()), port)) {
                overTtlv = keyMaterial(c.roundTrip(request(Operation.GET, Get.Request.of(uid))));
            }
            assertThat(overXml).hasSize(32).isEqualTo(overHttpsTtlv).isEqualTo(overTtlv);

            assertThat(auditRecords(server))
                    .as("the HTTPS Create is in the audit chain under the certificate's identity")
                    .contains(List.of(actor(), "Create", uid, "success"));
            assertThat(server.audit().verify().intact()).isTrue();
            assertThat(meters.get("kmip.requests")
                            .tag("operation", "get")
                            .tag("result", "success")
                            .counter()
                            .count())
                    .isEqualTo(3);

            Files.writeString(
                    revoked, ClientIdentity.of(pki.client().certificate()).sha256Fingerprint() + "\n");
            ResponseBatchItem refused = kmip(HttpBody.JSON, Operation.GET, Get.Request.of(uid));
            assertThat(refused.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(refused.resultMessage()).contains("revoked");
        }
    }

    @Test
    void curlsBadRequestsGetTheirHttpStatus() throws Exception {
        pki = TestPki.generate(dir.resolve("pki"));
        try (RunningKmipServer server = builder().start()) {
            port = server.port();
            Answer get = curl(List.of("-X", "GET"), "/kmip");
            assertThat(get.status()).isEqualTo(405);
            assertThat(new String(get.body(), StandardCharsets.UTF_8)).contains("POST");

            Path body = Files.write(dir.resolve("plain.txt"), "hello".getBytes(StandardCharsets.US_ASCII));
            Answer plain = curl(List.of("-H", "Content-Type: text/plain", "--data-binary", "@" + body), "/kmip");
            assertThat(plain.status()).isEqualTo(415);

            Answer elsewhere = curl(List.of("-H", "Content-Type: application/json", "--data-binary", "@" + body), "/");
            assertThat(elsewhere.status()).isEqualTo(404);
        }
    }

    private KmipServerBuilder builder() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return KmipServerBuilder.serving(
                        TestServerSettings.loopback(pki).withHttps(HttpsSettings.on()), new SoftwareMasterKey(1, kek))
                .h2File(dir.resolve("store"));
    }

    private ResponseBatchItem kmip(HttpBody encoding, Operation op, RequestPayload payload) throws Exception {
        return MessageMapper.responseFromTtlv(post(encoding, op, payload))
                .batchItems()
                .get(0);
    }

    /** curl POSTs the request in this encoding; the answer must be a 200 in the same encoding. */
    private Ttlv post(HttpBody encoding, Operation op, RequestPayload payload) throws Exception {
        Path body = dir.resolve("request." + encoding.name().toLowerCase());
        Files.write(body, encoding.encode(request(op, payload), KmipVersion.V2_1));
        Answer a = curl(List.of("-H", "Content-Type: " + encoding.contentType(), "--data-binary", "@" + body), "/kmip");
        assertThat(a.status()).as(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo(encoding.contentType());
        return encoding.decode(a.body());
    }

    private Answer curl(List<String> options, String path) throws Exception {
        Path out = dir.resolve("curl.out");
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--http1.1",
                "--max-time",
                "20",
                "--cacert",
                pki.caCertificatePem().toString(),
                "--cert",
                pki.client().certificatePem().toString(),
                "--key",
                pki.client().privateKeyPem().toString(),
                "-o",
                out.toString(),
                "-w",
                "%{http_code} %{content_type}"));
        command.addAll(options);
        command.add("https://127.0.0.1:" + port + path);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
        String written = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as("curl: " + written).isZero();
        String[] parts = written.split(" ", 2);
        return new Answer(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : "", Files.readAllBytes(out));
    }

    private static Ttlv request(Operation op, RequestPayload payload) {
        return MessageMapper.toTtlv(RequestMessage.of(
                RequestHeader.builder(KmipVersion.V2_1).build(), List.of(RequestBatchItem.of(op, payload))));
    }

    private static byte[] keyMaterial(Ttlv item) {
        return find(item).orElseThrow(() -> new AssertionError("no Key Material in " + item));
    }

    private static Optional<byte[]> find(Ttlv item) {
        if (item instanceof Ttlv.ByteString b && b.tag() == KEY_MATERIAL) {
            return Optional.of(b.value());
        }
        if (item instanceof Ttlv.Structure s) {
            for (Ttlv c : s.children()) {
                Optional<byte[]> found = find(c);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private String actor() {
        return Accountability.actor(ClientIdentity.of(pki.client().certificate()));
    }

    private static List<List<String>> auditRecords(RunningKmipServer server) {
        return AuditRows.of(server.database());
    }
}
