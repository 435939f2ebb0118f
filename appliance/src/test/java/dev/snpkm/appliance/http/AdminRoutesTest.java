package dev.snpkm.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {
    /** Fixed answers for every route; the refusals it is told of, in order. */
    private static final class FixedActions implements AdminRoutes.Actions {
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

        @Override
        public AdminRoutes.Backup backup() {
            return new AdminRoutes.Backup(new byte[0], "0:" + "0".repeat(64));
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
        return OpsHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                4,
                java.time.Duration.ofSeconds(10),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new OpsHttpServer.Readiness(true, true),
                new AdminRoutes(token, actions));
    }

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
    void anEmptyTokenFileAuthorisesNobody() throws Exception {
        try (OpsHttpServer http = start(" \n")) {
            assertThat(status(http, "Bearer ")).isEqualTo(401);
            assertThat(status(http, "Bearer  ")).isEqualTo(401);
            assertThat(rawStatus(http, "Bearer \u0001")).isEqualTo(401); // trim() leaves an empty presented token
        }
    }
}
