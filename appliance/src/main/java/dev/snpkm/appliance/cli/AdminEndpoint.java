package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.http.AdminMac;
import dev.snpkm.appliance.http.AdminRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The running appliance's loopback admin routes, authorised by a MAC under the data directory's admin token, and
 * their answers authenticated by the appliance's MAC under the same token.
 */
final class AdminEndpoint {
    /** The most of a refusal's text (or a nonce) read: one line for the operator, not a body to hold. */
    private static final int MAX_REASON = 64 * 1024;
    /** The most of a text answer read (an audit tail of 10,000 records is ~3 MB); a larger one fails its MAC check. */
    private static final int MAX_TEXT = 32 << 20;

    /** A dotted-quad 127.0.0.0/8 literal, each part decimal without leading zeros (nothing a resolver reinterprets). */
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    @Option(
            names = "--admin-url",
            defaultValue = "http://127.0.0.1:9696",
            description = "the appliance's ops endpoint on this host: http to 127.0.0.0/8, [::1] or localhost "
                    + "(meaning 127.0.0.1) only (default ${DEFAULT-VALUE})")
    String url;

    @Option(
            names = "--data-dir",
            defaultValue = DataDirectory.DEFAULT,
            paramLabel = "DIR",
            description = "the appliance's data directory, for admin.token (default ${DEFAULT-VALUE})")
    Path dataDir;

    /** Pauses before asking again for a challenge the appliance had none to spare of: 3 s in all. */
    static final List<Duration> CHALLENGE_BACKOFF =
            List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600));

    String getText(String path) throws CliFailure {
        return new String(text("GET", path), StandardCharsets.UTF_8).strip();
    }

    String postText(String path) throws CliFailure {
        return new String(text("POST", path), StandardCharsets.UTF_8).strip();
    }

    /** What a streamed reply's body is given to. */
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** A streamed reply's result and one of its response headers (empty if absent). */
    record Streamed<T>(T result, Optional<String> header) {}

    /** One request sent with its MAC: what the appliance's answer must be MAC'd over, and the answer, body unread. */
    private record Sent(String nonce, String method, String target, HttpResponse<InputStream> response) {}

    /** A text answer, read whole (up to {@link #MAX_TEXT}) and checked against the response MAC before it is used. */
    private byte[] text(String method, String path) throws CliFailure {
        // The MAC is no secret, but only a loopback peer can be the appliance's admin endpoint: checked first.
        String base = checkedBase(url);
        byte[] key = readKey();
        try {
            Sent sent = sendSigned(base, key, method, path);
            byte[] body = read(sent.response(), MAX_TEXT);
            authenticate(key, sent, AdminMac.bodyHash(body), false);
            if (sent.response().statusCode() != 200) {
                throw failure(sent.response().statusCode(), body);
            }
            return body;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * A POST whose 200 body is read as it arrives (a backup, too large to hold), once the response MAC, which does not
     * cover such a body, has shown the answer is the appliance's: the backup is sealed under a key derived from the
     * master key, its own integrity. The reader's failure, or the connection's, comes back as a CliFailure.
     */
    <T> Streamed<T> postStreamed(String path, String header, BodyReader<T> reader) throws CliFailure {
        String base = checkedBase(url);
        byte[] key = readKey();
        try {
            Sent sent = sendSigned(base, key, "POST", path);
            HttpResponse<InputStream> r = sent.response();
            if (r.statusCode() != 200) {
                byte[] body = read(r, MAX_TEXT);
                authenticate(key, sent, AdminMac.bodyHash(body), false);
                throw failure(r.statusCode(), body);
            }
            authenticate(key, sent, AdminMac.STREAMED, true);
            try (InputStream body = r.body()) {
                return new Streamed<>(reader.read(body), r.headers().firstValue(header));
            } catch (IOException e) {
                throw new CliFailure(String.valueOf(e.getMessage()));
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Asks for a nonce, then sends the request with an {@link AdminMac} over it, never the token itself: whatever
     * answers on the port (a local user may bind it while the appliance is down) learns one MAC, good for nothing
     * the appliance would accept. A 401 (the appliance refusing the request's MAC has nothing to MAC its answer
     * under) is a failure here; any other answer counts only once {@link #authenticate} has checked it.
     */
    private Sent sendSigned(String base, byte[] key, String method, String path) throws CliFailure {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String nonce = challenge(client, base);
        URI uri = URI.create(base + path);
        String target = AdminMac.target(uri);
        HttpResponse<InputStream> r =
                send(client, request(uri, method, AdminMac.authorization(key, nonce, method, target, new byte[0])));
        if (r.statusCode() == 401) {
            throw failure(401, read(r, MAX_REASON));
        }
        return new Sent(nonce, method, target, r);
    }

    /**
     * Refuses an answer without the appliance's MAC over the nonce, the request, the status, the audit anchor and
     * {@code body} (a body's hash, or {@link AdminMac#STREAMED} where {@code streamed} allows a body it does not cover):
     * only the appliance, holding the token too, can make one.
     */
    private void authenticate(byte[] key, Sent sent, String body, boolean streamed) throws CliFailure {
        HttpResponse<InputStream> r = sent.response();
        AdminMac.Answer received = new AdminMac.Answer(
                sent.nonce(),
                sent.method(),
                sent.target(),
                r.statusCode(),
                r.headers().firstValue(AdminRoutes.AUDIT_ANCHOR_HEADER).orElse(""),
                body);
        String mac = r.headers().firstValue(AdminMac.RESPONSE_HEADER).orElse(null);
        if (!AdminMac.isResponseMac(key, mac, received, streamed)) {
            throw new CliFailure("the answer on " + url + " is not from this appliance (no valid response MAC): "
                    + "is another process holding the ops port?");
        }
    }

    /**
     * A nonce from the appliance. One with none to spare (every one of its nonces outstanding, perhaps taken by a
     * local process asking for them all) is asked again after each {@link #CHALLENGE_BACKOFF} pause.
     */
    private String challenge(HttpClient client, String base) throws CliFailure {
        HttpRequest request = request(URI.create(base + AdminMac.CHALLENGE_PATH), "POST", "");
        for (int attempt = 0; ; attempt++) {
            HttpResponse<InputStream> r = send(client, request);
            int status = r.statusCode();
            byte[] body = read(r, MAX_REASON);
            if (status == 429 || status == 503) {
                if (attempt == CHALLENGE_BACKOFF.size()) {
                    long seconds = CHALLENGE_BACKOFF.stream()
                                    .mapToLong(Duration::toMillis)
                                    .sum()
                            / 1000;
                    throw new CliFailure("the appliance at " + url + " had no admin challenge to spare after "
                            + (attempt + 1) + " tries in " + seconds + " s (HTTP " + status + "; a local process may "
                            + "be taking them all): try again in 30 s");
                }
                pause(CHALLENGE_BACKOFF.get(attempt));
                continue;
            }
            if (status == 401) {
                throw new CliFailure("the admin endpoint at " + url + " refused to issue a challenge (HTTP 401): an "
                        + "appliance older than this kmipctl (no Snpkm-HMAC), or not the appliance");
            }
            if (status != 200) {
                throw failure(status, body);
            }
            String nonce = new String(body, StandardCharsets.UTF_8).strip();
            if (!AdminMac.isNonce(nonce)) {
                throw new CliFailure("appliance admin endpoint " + url + " answered " + AdminMac.CHALLENGE_PATH
                        + " without a nonce (is it the appliance?)");
            }
            return nonce;
        }
    }

    private static void pause(Duration d) throws CliFailure {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    /** At most {@code max} bytes of the body (the rest is not read), closing it. */
    private byte[] read(HttpResponse<InputStream> r, int max) throws CliFailure {
        try (InputStream body = r.body()) {
            return body.readNBytes(max);
        } catch (IOException e) {
            throw noAnswer(e);
        }
    }

    private CliFailure noAnswer(IOException e) {
        return new CliFailure("appliance admin endpoint " + url + " did not answer: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private static CliFailure failure(int status, byte[] body) {
        return new CliFailure(new String(body, StandardCharsets.UTF_8).strip() + " (HTTP " + status + ")");
    }

    private byte[] readKey() throws CliFailure {
        Path tokenFile = new DataDirectory(dataDir).adminToken();
        byte[] key;
        try {
            key = AdminMac.key(Files.readString(tokenFile));
        } catch (IOException e) {
            throw new CliFailure("cannot read " + tokenFile + " (run on the appliance host as its user, or pass "
                    + "--data-dir): " + e.getMessage());
        }
        if (key.length == 0) {
            throw new CliFailure(
                    tokenFile + " is empty; the appliance refuses every admin request until it holds a " + "token");
        }
        return key;
    }

    /** A bodiless request; authorization "" for none (the challenge). */
    private static HttpRequest request(URI uri, String method, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
        if (!authorization.isEmpty()) {
            b.header("Authorization", authorization);
        }
        return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws CliFailure {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.ConnectException e) {
            throw new CliFailure("appliance not running at " + url + " (connection refused; start it, or pass "
                    + "--admin-url with its metrics.address:metrics.port)");
        } catch (IOException e) {
            throw noAnswer(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    /**
     * The base URL to send admin requests to, refusing one that cannot be the appliance. It serves its admin routes
     * over plain http (OpsHttpServer has no TLS) to loopback peers only (AdminRoutes), so anything but http to
     * 127.0.0.0/8, [::1] or localhost would at best fail and at worst hand a remote peer a MAC and the admin command's
     * answer to forge; https is refused too, for no appliance answers it. localhost is sent to 127.0.0.1 (where the
     * appliance listens by default), not to whatever the resolver, /etc/hosts or an NSS module, makes of the name.
     */
    private static String checkedBase(String url) throws CliFailure {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("--admin-url " + url + " is not a URL");
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            throw refused("--admin-url " + url + " uses https, but the appliance serves its admin routes over plain "
                    + "http on loopback");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw refused("--admin-url " + url + " is not an http:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("--admin-url must not carry user info (user@host)"); // not echoed: it may hold a password
        }
        String host = uri.getHost();
        if (host == null || !isLoopback(host)) {
            throw refused("--admin-url " + url + " is not on this host's loopback");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return "http://" + (host.equalsIgnoreCase("localhost") ? "127.0.0.1" : host)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path.replaceAll("/+$", "");
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost") || LOOPBACK_V4.matcher(host).matches()) {
            return true;
        }
        if (!host.startsWith("[")) {
            return false; // a name other than localhost: whatever it resolves to, it is not ours to trust
        }
        try {
            // URI has checked the bracketed IPv6 literal's syntax, so this parses it and resolves nothing.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static CliFailure refused(String problem) {
        return new CliFailure(
                problem + "; kmipctl sends admin commands only to http://127.0.0.1, http://[::1] or http://localhost");
    }
}
