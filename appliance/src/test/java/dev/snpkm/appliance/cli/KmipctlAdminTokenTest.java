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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever listens on the admin port gets no admin token from kmipctl: a local user can bind 127.0.0.1:9696 while the
 * appliance is down (a restart, store migrate, backup restore). Here a stand-in that records every request answers the
 * challenge as the appliance would, and kmipctl's admin commands are run against it.
 */
class KmipctlAdminTokenTest {
    @TempDir
    Path dataDir;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SIGNED = Pattern.compile("Snpkm-HMAC nonce=([0-9a-f]{64}), mac=[0-9a-f]{64}");

    /** A backup stream's framing, as kmipctl checks it: header, then a final record (an empty chunk's tag). */
    static final byte[] EMPTY_BACKUP_STREAM = java.nio.ByteBuffer.allocate(47 + 16)
            .put("SNPKMBK2".getBytes(UTF_8))
            .array();

    private final String token = random32();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private HttpServer impostor;

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
    }

    @AfterEach
    void stop() {
        impostor.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            received.add(new Received(
                    ex.getRequestMethod(),
                    ex.getRequestURI(),
                    Map.copyOf(ex.getRequestHeaders()),
                    ex.getRequestBody().readAllBytes()));
            String path = ex.getRequestURI().getPath();
            String answer = "ok";
            if (path.equals("/admin/challenge")) {
                answer = random32();
                issued.add(answer);
            } else if (path.equals("/admin/audit/verify")) {
                answer = "intact: 1 records";
            }
            byte[] body = path.equals("/admin/backup") ? EMPTY_BACKUP_STREAM : answer.getBytes(UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Test
    void noAdminCommandSendsTheTokenOnlyAMacOverTheImpostorsNonceAndTheRequest() {
        String url = "http://127.0.0.1:" + impostor.getAddress().getPort();
        List<List<String>> commands = List.of(
                List.of("audit", "tail", "-n", "5"),
                List.of("audit", "verify", "--anchor", "1:" + "0".repeat(64)),
                List.of("policies", "list"),
                List.of("policies", "reload"),
                List.of("backup", "create", "--out", dataDir.resolve("b.bak").toString()));
        for (List<String> command : commands) {
            received.clear();
            StringWriter err = new StringWriter();
            String[] args = Stream.concat(
                            command.stream(), Stream.of("--admin-url", url, "--data-dir", dataDir.toString()))
                    .toArray(String[]::new);
            int exit = Kmipctl.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);

            String name = String.join(" ", command);
            for (Received r : received) {
                assertThat(r.all().toLowerCase(Locale.ROOT)).as(name).doesNotContain(token);
            }
            assertThat(exit).as(name + ": " + err).isZero();
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
    }

    private static String random32() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
