package dev.snpkm.appliance.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.snpkm.appliance.http.AdminMac;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever listens on the admin port gets no admin token from kmipctl, and kmipctl takes no answer from it: a local
 * user can bind 127.0.0.1:9696 while the appliance is down (a restart, store migrate, backup restore). Here a stand-in
 * that records every request answers the challenge as the appliance would, and kmipctl's admin commands are run
 * against it; it answers them with the appliance's response MAC (as if it held the token) or with one of the forgeries
 * a process without the token can make.
 */
class KmipctlAdminTokenTest {
    @TempDir
    Path dataDir;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SIGNED = Pattern.compile("Snpkm-HMAC nonce=([0-9a-f]{64}), mac=[0-9a-f]{64}");
    private static final String ANCHOR = "7:" + "ab".repeat(32);

    /** A backup stream's framing, as kmipctl checks it: header, then a final record (an empty chunk's tag). */
    static final byte[] EMPTY_BACKUP_STREAM = java.nio.ByteBuffer.allocate(47 + 16)
            .put("SNPKMBK2".getBytes(UTF_8))
            .array();

    private final String token = random32();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private HttpServer impostor;
    private String url;
    /** How the stand-in answers admin requests. */
    private volatile Answering answering = Answering.GENUINE;
    /** How many challenges the stand-in refuses (429) before it issues one. */
    private final AtomicInteger challengesToRefuse = new AtomicInteger();

    private enum Answering {
        /** With the response MAC the appliance makes. */
        GENUINE,
        NO_MAC,
        /** A MAC under a key of its own. */
        WRONG_KEY,
        /** The genuine MAC for another nonce, as a recorded genuine answer carries. */
        OTHER_NONCE,
        /** The genuine MAC for the answer with status 500. */
        OTHER_STATUS,
        /** The genuine MAC for another audit anchor header. */
        OTHER_ANCHOR,
        /** The genuine MAC, saying it does not cover the body (as for a backup). */
        BODY_NOT_COVERED,
        /** 401 to the challenge, as an appliance older than Snpkm-HMAC does. */
        OLD_APPLIANCE
    }

    /** One request as the stand-in saw it. */
    private record Received(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        String all() {
            return method + " " + uri + "\n" + headers + "\n" + new String(body, UTF_8);
        }
    }

    @BeforeEach
    void startTheImpostor() throws IOException {
        Files.writeString(dataDir.resolve("admin.token"), token + "\n");
        impostor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        impostor.createContext("/", this::answer);
        impostor.start();
        url = "http://127.0.0.1:" + impostor.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        impostor.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            Received r = new Received(
                    ex.getRequestMethod(),
                    ex.getRequestURI(),
                    Map.copyOf(ex.getRequestHeaders()),
                    ex.getRequestBody().readAllBytes());
            received.add(r);
            String path = ex.getRequestURI().getPath();
            if (path.equals("/admin/challenge")) {
                if (answering == Answering.OLD_APPLIANCE) {
                    send(ex, 401, "missing or wrong admin token (data-dir/admin.token)");
                } else if (challengesToRefuse.getAndDecrement() > 0) {
                    send(ex, 429, "no admin challenge to spare");
                } else {
                    String nonce = random32();
                    issued.add(nonce);
                    send(ex, 200, nonce);
                }
                return;
            }
            boolean backup = path.equals("/admin/backup");
            byte[] body = backup
                    ? EMPTY_BACKUP_STREAM
                    : (path.equals("/admin/audit/verify") ? "intact: 1 records" : "ok").getBytes(UTF_8);
            String anchor = backup ? ANCHOR : "";
            if (backup) {
                ex.getResponseHeaders().set("X-Audit-Anchor", anchor);
            }
            Matcher m = SIGNED.matcher(ex.getRequestHeaders().getFirst("Authorization"));
            String nonce = m.matches() ? m.group(1) : "";
            String target = AdminMac.target(r.uri());
            String bodyField = backup ? AdminMac.STREAMED : AdminMac.bodyHash(body);
            AdminMac.Answer genuine = new AdminMac.Answer(nonce, r.method(), target, 200, anchor, bodyField);
            byte[] key = AdminMac.key(token);
            String mac = switch (answering) {
                case GENUINE, OLD_APPLIANCE -> AdminMac.responseHeader(key, genuine);
                case NO_MAC -> null;
                case WRONG_KEY -> AdminMac.responseHeader(AdminMac.key(random32()), genuine);
                case OTHER_NONCE ->
                    AdminMac.responseHeader(
                            key, new AdminMac.Answer(random32(), r.method(), target, 200, anchor, bodyField));
                case OTHER_STATUS ->
                    AdminMac.responseHeader(
                            key, new AdminMac.Answer(nonce, r.method(), target, 500, anchor, bodyField));
                case OTHER_ANCHOR ->
                    AdminMac.responseHeader(
                            key,
                            new AdminMac.Answer(nonce, r.method(), target, 200, "8:" + "cd".repeat(32), bodyField));
                case BODY_NOT_COVERED -> AdminMac.responseHeader(key, genuine.streamed());
            };
            if (mac != null) {
                ex.getResponseHeaders().set(AdminMac.RESPONSE_HEADER, mac);
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(UTF_8);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static final List<List<String>> COMMANDS = List.of(
            List.of("audit", "tail", "-n", "5"),
            List.of("audit", "verify", "--anchor", "1:" + "0".repeat(64)),
            List.of("policies", "list"),
            List.of("policies", "reload"),
            List.of("backup", "create", "--out", "b.bak"));

    private record Outcome(int exit, String out, String err) {}

    /** kmipctl's command against the stand-in (a backup's --out resolved in the data directory). */
    private Outcome kmipctl(List<String> command, String adminUrl) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(
                        command.stream()
                                .map(a -> a.equals("b.bak") ? dataDir.resolve(a).toString() : a),
                        Stream.of("--admin-url", adminUrl, "--data-dir", dataDir.toString()))
                .toArray(String[]::new);
        int exit = Kmipctl.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void noAdminCommandSendsTheTokenOnlyAMacOverTheImpostorsNonceAndTheRequest() throws IOException {
        for (List<String> command : COMMANDS) {
            received.clear();
            Files.deleteIfExists(dataDir.resolve("b.bak"));
            Outcome o = kmipctl(command, url);

            String name = String.join(" ", command);
            for (Received r : received) {
                assertThat(r.all().toLowerCase(Locale.ROOT)).as(name).doesNotContain(token);
            }
            assertThat(o.exit()).as(name + ": " + o.err()).isZero();
            assertThat(received).as(name).hasSize(2);
            Received challenge = received.get(0);
            Received request = received.get(1);
            assertThat(challenge.method() + " " + challenge.uri()).isEqualTo("POST /admin/challenge");
            assertThat(challenge.headers()).doesNotContainKey("Authorization");
            String authorization = request.headers().get("Authorization").get(0);
            Matcher m = SIGNED.matcher(authorization);
            assertThat(m.matches()).as(authorization).isTrue();
            String nonce = m.group(1);
            assertThat(issued).as(name).endsWith(nonce);
            assertThat(authorization)
                    .as(name)
                    .isEqualTo(AdminMac.authorization(
                            AdminMac.key(token),
                            nonce,
                            request.method(),
                            AdminMac.target(request.uri()),
                            request.body()));
        }
        // The genuine answers are taken: the last command was the backup.
        assertThat(dataDir.resolve("b.bak")).hasBinaryContent(EMPTY_BACKUP_STREAM);
        assertThat(kmipctl(COMMANDS.get(1), url).out()).startsWith("intact: 1 records");
    }

    @Test
    void anAnswerWithoutTheAppliancesResponseMacIsRefusedInOneLineAndNotActedOn() {
        String refusal = "kmipctl: the answer on " + url + " is not from this appliance (no valid response MAC): is "
                + "another process holding the ops port?";
        for (Answering forgery : List.of(
                Answering.NO_MAC,
                Answering.WRONG_KEY,
                Answering.OTHER_NONCE,
                Answering.OTHER_STATUS,
                Answering.OTHER_ANCHOR,
                Answering.BODY_NOT_COVERED)) {
            answering = forgery;
            for (List<String> command : COMMANDS) {
                boolean backup = command.get(0).equals("backup");
                if (forgery == Answering.BODY_NOT_COVERED && backup) {
                    continue; // the backup's MAC covers no body: the sealed file authenticates itself
                }
                String name = forgery + " " + String.join(" ", command);
                Outcome o = kmipctl(command, url);
                assertThat(o.exit()).as(name).isEqualTo(1);
                assertThat(o.err().strip()).as(name).isEqualTo(refusal);
                assertThat(o.out()).as(name).isEmpty();
                assertThat(dataDir.resolve("b.bak")).as(name).doesNotExist();
            }
        }
    }

    @Test
    void aChallengeRefusedForAFullTableIsAskedForAgainAfterAShortPause() {
        challengesToRefuse.set(2);
        long start = System.nanoTime();
        Outcome o = kmipctl(COMMANDS.get(1), url);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("intact: 1 records");
        assertThat(received.stream().map(r -> r.uri().getPath()))
                .containsExactly("/admin/challenge", "/admin/challenge", "/admin/challenge", "/admin/audit/verify");
        assertThat(millis).isGreaterThanOrEqualTo(600); // 200 + 400 ms
    }

    @Test
    void aTableFullForLongerThanThreeSecondsFailsInOneLineWithoutSendingTheRequest() {
        challengesToRefuse.set(Integer.MAX_VALUE);
        long start = System.nanoTime();
        Outcome o = kmipctl(COMMANDS.get(2), url);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err().strip())
                .isEqualTo("kmipctl: the appliance at " + url + " had no admin challenge to spare after 5 tries in 3 s "
                        + "(HTTP 429; a local process may be taking them all): try again in 30 s");
        assertThat(received).hasSize(AdminEndpoint.CHALLENGE_BACKOFF.size() + 1);
        assertThat(millis).isBetween(3_000L, 5_000L);
    }

    @Test
    void anApplianceOlderThanTheMacdRequestsIsNamedAsSuch() {
        answering = Answering.OLD_APPLIANCE;
        Outcome o = kmipctl(COMMANDS.get(2), url);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err().strip())
                .isEqualTo("kmipctl: the admin endpoint at " + url + " refused to issue a challenge (HTTP 401): an "
                        + "appliance older than this kmipctl (no Snpkm-HMAC), or not the appliance");
    }

    @Test
    void localhostIsSentTo127001WhateverTheResolverSays() {
        int port = impostor.getAddress().getPort();
        Outcome o = kmipctl(COMMANDS.get(2), "http://LocalHost:" + port + "/");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(received)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.headers().get("Host")).containsExactly("127.0.0.1:" + port));
    }

    private static String random32() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
