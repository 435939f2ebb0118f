package dev.snpkm.appliance.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {
    /** Fixed answers for every route; the refusals it is told of, in order. */
    private static class FixedActions implements AdminRoutes.Actions {
        final List<String> refused = new CopyOnWriteArrayList<>();

        @Override
        public String listPolicies() {
            return "policies: none";
        }

        @Override
        public String reloadPolicies() {
            return "reloaded";
        }

        @Override
        public String auditVerify(String anchor) {
            return "ok";
        }

        @Override
        public String auditTail(int records) {
            return "";
        }

        /** What the backup route streams: these bytes, then (if set) a failure. */
        volatile byte[] backupBytes = new byte[0];

        volatile boolean backupFails;
        final AtomicLong backupsClosed = new AtomicLong();
        /** Set: a backup waits for it after its bytes, having counted down {@link #backupStreaming}. */
        volatile java.util.concurrent.@org.jspecify.annotations.Nullable CountDownLatch backupHold;

        final java.util.concurrent.CountDownLatch backupStreaming = new java.util.concurrent.CountDownLatch(1);

        @Override
        public AdminRoutes.Backup backup() {
            return new AdminRoutes.Backup(ANCHOR, new AdminRoutes.BackupBody() {
                @Override
                public void writeTo(OutputStream out) throws Exception {
                    out.write(backupBytes);
                    out.flush();
                    var hold = backupHold;
                    if (hold != null) {
                        backupStreaming.countDown();
                        hold.await();
                    }
                    if (backupFails) {
                        throw new IOException("store read failed");
                    }
                }

                @Override
                public void close() {
                    backupsClosed.incrementAndGet();
                }
            });
        }

        @Override
        public void refused(String peer, String why) {
            refused.add(peer + " " + why);
        }
    }

    private static int status(OpsHttpServer http, String authorization) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/admin/policies"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient()
                .send(b.GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Over a plain socket: the JDK client refuses to send some header values a hostile local process could. */
    private static int rawStatus(OpsHttpServer http, String authorization) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", http.port())) {
            String request = "GET /admin/policies HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static OpsHttpServer start(String token) throws Exception {
        return start(token, new FixedActions());
    }

    private static OpsHttpServer start(String token, AdminRoutes.Actions actions) throws Exception {
        return start(token, actions, new AdminChallenges(System::nanoTime));
    }

    private static OpsHttpServer start(String token, AdminRoutes.Actions actions, AdminChallenges challenges)
            throws Exception {
        return OpsHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                4,
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(60),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new OpsHttpServer.Readiness(true, true),
                new AdminRoutes(token, actions, challenges));
    }

    private static final String TOKEN = "0123456789abcdef";
    private static final String ANCHOR = "7:" + "ab".repeat(32);
    private static final byte[] KEY = AdminMac.key(TOKEN);

    /** One client for the many requests below (a new one each costs tens of ms). */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> askForChallenge(OpsHttpServer http) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/admin/challenge"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String challenge(OpsHttpServer http) throws Exception {
        HttpResponse<String> r = askForChallenge(http);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(AdminMac.isNonce(r.body().strip())).as(r.body()).isTrue();
        return r.body().strip();
    }

    /** The status of {@code method target} with this body and a MAC over what {@code macOver} names. */
    private static int signed(OpsHttpServer http, String method, String target, String body, MacOver macOver)
            throws Exception {
        return exchange(http, method, target, body, macOver).statusCode();
    }

    private static HttpResponse<byte[]> exchange(
            OpsHttpServer http, String method, String target, String body, MacOver macOver) throws Exception {
        String authorization = AdminMac.authorization(
                macOver.key, macOver.nonce, macOver.method, macOver.target, macOver.body.getBytes(UTF_8));
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + target))
                        .header("Authorization", authorization)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int signed(OpsHttpServer http, String method, String target, String nonce) throws Exception {
        return signed(http, method, target, "", new MacOver(KEY, nonce, method, target, ""));
    }

    private record MacOver(byte[] key, String nonce, String method, String target, String body) {}

    @Test
    void onlyLoopbackPeersReachTheAdminRoutesWhateverTheBindAddress() throws Exception {
        // The check is on the peer's address, so it holds when metrics bind 0.0.0.0 (as in the container).
        assertThat(AdminRoutes.admits(java.net.InetAddress.getByName("127.0.0.1")))
                .isTrue();
        assertThat(AdminRoutes.admits(java.net.InetAddress.getByName("::1"))).isTrue();
        assertThat(AdminRoutes.admits(java.net.InetAddress.getByName("192.0.2.2")))
                .isFalse(); // TEST-NET-1
        assertThat(AdminRoutes.admits(java.net.InetAddress.getByName("::ffff:10.0.0.1")))
                .isFalse();
        assertThat(AdminRoutes.admits(java.net.InetAddress.getByName("0.0.0.0")))
                .isFalse();
    }

    private static HttpResponse<InputStream> backup(OpsHttpServer http) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/admin/backup"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void theBackupIsStreamedChunkedWithItsAnchorHeaderFirst() throws Exception {
        FixedActions actions = new FixedActions();
        actions.backupBytes = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(actions.backupBytes);
        try (OpsHttpServer http = start(TOKEN, actions)) {
            HttpResponse<InputStream> r = backup(http);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue(AdminRoutes.AUDIT_ANCHOR_HEADER)).hasValue(ANCHOR);
            assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            assertThat(r.headers().firstValue("Content-Length")).isEmpty();
            try (InputStream body = r.body()) {
                assertThat(body.readAllBytes()).isEqualTo(actions.backupBytes);
            }
        }
        assertThat(actions.backupsClosed).hasValue(1);
    }

    /** The stream cannot say "failed" once its 200 is out: the connection is cut, which any HTTP client sees. */
    @Test
    void aBackupThatFailsAfterItsHeadersCutsTheTransferShort() throws Exception {
        FixedActions actions = new FixedActions();
        actions.backupBytes = new byte[100_000];
        actions.backupFails = true;
        try (OpsHttpServer http = start(TOKEN, actions)) {
            HttpResponse<InputStream> r = backup(http);
            assertThat(r.statusCode()).isEqualTo(200);
            try (InputStream body = r.body()) {
                assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
            }
            // The server goes on serving.
            assertThat(status(http, "Bearer " + TOKEN)).isEqualTo(200);
        }
        assertThat(actions.backupsClosed).hasValue(1);
    }

    @Test
    void theRightBearerTokenIsAcceptedAndAWrongOrMissingOneIsNot() throws Exception {
        try (OpsHttpServer http = start("0123456789abcdef\n")) {
            assertThat(status(http, "Bearer 0123456789abcdef")).isEqualTo(200);
            assertThat(status(http, "Bearer 0123456789abcdee")).isEqualTo(401);
            assertThat(status(http, "Bearer ")).isEqualTo(401);
            assertThat(status(http, null)).isEqualTo(401);
        }
    }

    @Test
    void eachRefusedRequestIsReportedForTheAuditWithItsPeerAndReason() throws Exception {
        FixedActions actions = new FixedActions();
        try (OpsHttpServer http = start("0123456789abcdef", actions)) {
            assertThat(status(http, "Bearer 0123456789abcdef")).isEqualTo(200);
            assertThat(status(http, "Bearer wrong")).isEqualTo(401);
            assertThat(status(http, null)).isEqualTo(401);
        }
        assertThat(actions.refused)
                .containsExactly("127.0.0.1 missing or wrong admin token", "127.0.0.1 missing or wrong admin token");
    }

    @Test
    void aMacOverAFreshNonceIsAcceptedOnceAndTheReplayIsRefused() throws Exception {
        FixedActions actions = new FixedActions();
        try (OpsHttpServer http = start(TOKEN + "\n", actions)) {
            String nonce = challenge(http);
            assertThat(signed(http, "GET", "/admin/policies", nonce)).isEqualTo(200);
            assertThat(signed(http, "GET", "/admin/policies", nonce)).isEqualTo(401);
            assertThat(signed(http, "GET", "/admin/audit/tail?n=5", challenge(http)))
                    .isEqualTo(200);
        }
        assertThat(actions.refused).containsExactly("127.0.0.1 unknown, expired or used admin challenge");
    }

    @Test
    void anUnknownNonceAWrongKeyOrAMacOverAnotherRequestIsRefusedAndSpendsTheNonce() throws Exception {
        FixedActions actions = new FixedActions();
        try (OpsHttpServer http = start(TOKEN, actions)) {
            assertThat(signed(http, "GET", "/admin/policies", "ab".repeat(32))).isEqualTo(401);
            String n = challenge(http);
            assertThat(signed(http, "GET", "/admin/policies", "", new MacOver(KEY, n, "GET", "/admin/audit/tail", "")))
                    .as("another path")
                    .isEqualTo(401);
            assertThat(signed(http, "GET", "/admin/policies", n))
                    .as("a nonce a wrong MAC was tried with")
                    .isEqualTo(401);
            // Each request signed as another (MacOver's nonce filled in with a fresh one): only the MAC over this very
            // request passes.
            record Signed(String what, String method, String target, String body, MacOver as, int status) {}
            for (Signed c : List.of(
                    new Signed(
                            "another query",
                            "GET",
                            "/admin/audit/tail?n=10000",
                            "",
                            new MacOver(KEY, "", "GET", "/admin/audit/tail?n=1", ""),
                            401),
                    new Signed(
                            "another method",
                            "POST",
                            "/admin/policies/reload",
                            "",
                            new MacOver(KEY, "", "GET", "/admin/policies/reload", ""),
                            401),
                    new Signed(
                            "another body",
                            "POST",
                            "/admin/policies/reload",
                            "x",
                            new MacOver(KEY, "", "POST", "/admin/policies/reload", ""),
                            401),
                    new Signed(
                            "the same body",
                            "POST",
                            "/admin/policies/reload",
                            "x",
                            new MacOver(KEY, "", "POST", "/admin/policies/reload", "x"),
                            200),
                    new Signed(
                            "another key",
                            "GET",
                            "/admin/policies",
                            "",
                            new MacOver(AdminMac.key("0123456789abcdee"), "", "GET", "/admin/policies", ""),
                            401))) {
                MacOver mac =
                        new MacOver(c.as().key(), challenge(http), c.as().method(), c.as().target(), c.as().body());
                assertThat(signed(http, c.method(), c.target(), c.body(), mac))
                        .as(c.what())
                        .isEqualTo(c.status());
            }
            n = challenge(http);
            String upper = AdminMac.authorization(KEY, n, "GET", "/admin/policies", new byte[0])
                    .toUpperCase(java.util.Locale.ROOT)
                    .replace("SNPKM-HMAC NONCE=", "Snpkm-HMAC nonce=")
                    .replace(", MAC=", ", mac=");
            assertThat(status(http, upper)).as("hex not in canonical lowercase").isEqualTo(401);
            assertThat(status(http, "Snpkm-HMAC nonce=" + challenge(http))).isEqualTo(401);
        }
        assertThat(actions.refused).hasSize(9).allMatch(r -> r.startsWith("127.0.0.1 "));
    }

    @Test
    void aNonceExpiresAfterThirtySeconds() throws Exception {
        AtomicLong now = new AtomicLong();
        try (OpsHttpServer http = start(TOKEN, new FixedActions(), new AdminChallenges(now::get))) {
            String early = challenge(http);
            String late = challenge(http);
            now.addAndGet(AdminChallenges.TTL.toNanos());
            assertThat(signed(http, "GET", "/admin/policies", early)).isEqualTo(200);
            now.incrementAndGet();
            assertThat(signed(http, "GET", "/admin/policies", late)).isEqualTo(401);
        }
    }

    @Test
    void aFullChallengeTableRefusesNewNoncesWith429AndLeavesTheIssuedOnesGood() throws Exception {
        AtomicLong now = new AtomicLong();
        AdminChallenges challenges = new AdminChallenges(now::get);
        FixedActions actions = new FixedActions();
        try (OpsHttpServer http = start(TOKEN, actions, challenges)) {
            String inFlight = challenge(http);
            for (int i = 1; i < AdminChallenges.CAPACITY; i++) {
                assertThat(challenges.issue()).isPresent(); // as the route does, without ~40 ms of HTTP round trip each
            }
            assertThat(challenges.issue()).isEmpty();
            HttpResponse<String> flooded = askForChallenge(http);
            assertThat(flooded.statusCode()).isEqualTo(429);
            assertThat(flooded.body()).startsWith("no admin challenge to spare").hasLineCount(1);
            assertThat(challenges.outstanding()).isEqualTo(AdminChallenges.CAPACITY);
            // Before, the flood pushed the oldest nonce out and this request, in flight, was refused.
            assertThat(signed(http, "GET", "/admin/policies", inFlight)).isEqualTo(200);
            assertThat(challenge(http)).as("the used nonce's place").isNotEqualTo(inFlight);
            now.addAndGet(AdminChallenges.TTL.toNanos() + 1);
            assertThat(challenges.outstanding()).isZero();
        }
        assertThat(actions.refused).containsExactly("127.0.0.1 admin challenge table full");
    }

    /** The Snpkm-Response-MAC header an answer must carry, computed here from the documented form, not by AdminMac. */
    private static String responseMac(
            String nonce, String method, String target, int status, String anchor, String bodyField) throws Exception {
        javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(TOKEN.getBytes(UTF_8), "HmacSHA256"));
        String message = String.join(
                "\n", "snpkm-response-v1", nonce, method, target, Integer.toString(status), anchor, bodyField);
        return "body=" + (bodyField.equals("streamed") ? "streamed" : "sha256") + ", mac="
                + java.util.HexFormat.of().formatHex(hmac.doFinal(message.getBytes(UTF_8)));
    }

    private static String sha256(byte[] body) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    }

    @Test
    void eachAnswerToAMacdRequestCarriesTheAppliancesMacOverTheNonceRequestStatusAndBody() throws Exception {
        FixedActions refusingReloads = new FixedActions() {
            @Override
            public String reloadPolicies() {
                throw new IllegalArgumentException("bad file");
            }
        };
        try (OpsHttpServer http = start(TOKEN + "\n", refusingReloads)) {
            record Case(String method, String target, int status) {}
            for (Case c : List.of(
                    new Case("GET", "/admin/policies", 200),
                    new Case("GET", "/admin/audit/tail?n=5", 200),
                    new Case("POST", "/admin/policies/reload", 422),
                    new Case("GET", "/admin/nothing", 404))) {
                String nonce = challenge(http);
                HttpResponse<byte[]> r =
                        exchange(http, c.method(), c.target(), "", new MacOver(KEY, nonce, c.method(), c.target(), ""));
                assertThat(r.statusCode()).as(c.target()).isEqualTo(c.status());
                assertThat(r.headers().firstValue(AdminMac.RESPONSE_HEADER))
                        .as(c.target())
                        .hasValue(responseMac(nonce, c.method(), c.target(), c.status(), "", sha256(r.body())));
            }
            // The backup's body goes out before its hash is known: its MAC says so, and covers the anchor instead.
            String nonce = challenge(http);
            HttpResponse<byte[]> backup =
                    exchange(http, "POST", "/admin/backup", "", new MacOver(KEY, nonce, "POST", "/admin/backup", ""));
            assertThat(backup.statusCode()).isEqualTo(200);
            assertThat(backup.headers().firstValue(AdminMac.RESPONSE_HEADER))
                    .hasValue(responseMac(nonce, "POST", "/admin/backup", 200, ANCHOR, "streamed"));
            // A refused MAC leaves nothing to MAC the answer under; a bearer token's request has no nonce.
            HttpResponse<byte[]> refused = exchange(
                    http,
                    "GET",
                    "/admin/policies",
                    "",
                    new MacOver(KEY, "ab".repeat(32), "GET", "/admin/policies", ""));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue(AdminMac.RESPONSE_HEADER)).isEmpty();
            HttpResponse<Void> bearer = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/admin/policies"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(bearer.statusCode()).isEqualTo(200);
            assertThat(bearer.headers().firstValue(AdminMac.RESPONSE_HEADER)).isEmpty();
        }
    }

    @Test
    void theResponseMacCheckRefusesAnotherNonceStatusAnchorBodyOrAnUncoveredBodyNotAccepted() {
        AdminMac.Answer answer = new AdminMac.Answer(
                "ab".repeat(32), "GET", "/admin/audit/verify", 200, "", AdminMac.bodyHash(new byte[] {1}));
        String header = AdminMac.responseHeader(KEY, answer);
        assertThat(AdminMac.isResponseMac(KEY, header, answer, false)).isTrue();
        for (AdminMac.Answer other : List.of(
                new AdminMac.Answer("cd".repeat(32), "GET", "/admin/audit/verify", 200, "", answer.body()),
                new AdminMac.Answer(answer.nonce(), "GET", "/admin/audit/verify", 500, "", answer.body()),
                new AdminMac.Answer(answer.nonce(), "GET", "/admin/audit/verify", 200, "1:ab", answer.body()),
                new AdminMac.Answer(answer.nonce(), "GET", "/admin/audit/tail", 200, "", answer.body()),
                new AdminMac.Answer(
                        answer.nonce(), "GET", "/admin/audit/verify", 200, "", AdminMac.bodyHash(new byte[] {2})))) {
            assertThat(AdminMac.isResponseMac(KEY, header, other, true))
                    .as(other.toString())
                    .isFalse();
        }
        assertThat(AdminMac.isResponseMac(AdminMac.key("another"), header, answer, false))
                .isFalse();
        assertThat(AdminMac.isResponseMac(KEY, null, answer, true)).isFalse();
        String streamed = AdminMac.responseHeader(KEY, answer.streamed());
        assertThat(AdminMac.isResponseMac(KEY, streamed, answer, true)).isTrue();
        assertThat(AdminMac.isResponseMac(KEY, streamed, answer, false))
                .as("a text answer must have its body covered")
                .isFalse();
        assertThat(AdminMac.isResponseMac(KEY, streamed.replace("streamed", "sha256"), answer, true))
                .isFalse();
    }

    @Test
    void anEmptyTokenFileAuthorisesNobody() throws Exception {
        try (OpsHttpServer http = start(" \n")) {
            assertThat(status(http, "Bearer ")).isEqualTo(401);
            assertThat(status(http, "Bearer  ")).isEqualTo(401);
            assertThat(rawStatus(http, "Bearer \u0001")).isEqualTo(401); // trim() leaves an empty presented token
            String nonce = challenge(http);
            assertThat(status(http, "Snpkm-HMAC nonce=" + nonce + ", mac=" + "0".repeat(64)))
                    .isEqualTo(401);
        }
    }

    /** A backup holds a store connection and a snapshot while it is read: a second one waits its turn (429). */
    @Test
    void aSecondBackupWhileOneIsStreamingIsRefused429() throws Exception {
        FixedActions actions = new FixedActions();
        actions.backupBytes = new byte[100];
        actions.backupHold = new java.util.concurrent.CountDownLatch(1);
        try (OpsHttpServer http = start(TOKEN + "\n", actions)) {
            HttpRequest backup = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/admin/backup"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .timeout(java.time.Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            var first = HttpClient.newHttpClient().sendAsync(backup, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(actions.backupStreaming.await(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();

            HttpResponse<String> second = CLIENT.send(backup, HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.body()).isEqualTo("another online backup is running; try again when it has ended\n");

            actions.backupHold.countDown();
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode())
                    .isEqualTo(200);
            actions.backupHold = null;
            assertThat(CLIENT.send(backup, HttpResponse.BodyHandlers.ofByteArray())
                            .statusCode())
                    .as("the next one, once the first has ended")
                    .isEqualTo(200);
        }
    }
}
