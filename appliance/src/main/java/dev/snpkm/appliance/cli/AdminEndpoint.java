package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.http.AdminMac;
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
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The running appliance's loopback admin routes, authorised by a MAC under the data directory's admin token. */
final class AdminEndpoint {
    /** A dotted-quad 127.0.0.0/8 literal, each part decimal without leading zeros (nothing a resolver reinterprets). */
    /** The most of a refusal's text (or a nonce) read: one line for the operator, not a body to hold. */
    private static final int MAX_REASON = 64 * 1024;

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    @Option(
            names = "--admin-url",
            defaultValue = "http://127.0.0.1:9696",
            description = "the appliance's ops endpoint on this host: http to 127.0.0.0/8, [::1] or localhost only "
                    + "(default ${DEFAULT-VALUE})")
    String url;

    @Option(
            names = "--data-dir",
            defaultValue = DataDirectory.DEFAULT,
            paramLabel = "DIR",
            description = "the appliance's data directory, for admin.token (default ${DEFAULT-VALUE})")
    Path dataDir;

    String getText(String path) throws CliFailure {
        return new String(call("GET", path), StandardCharsets.UTF_8).strip();
    }

    String postText(String path) throws CliFailure {
        return new String(call("POST", path), StandardCharsets.UTF_8).strip();
    }

    byte[] post(String path) throws CliFailure {
        return call("POST", path);
    }

    /** What a streamed reply's body is given to. */
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** A streamed reply's result and one of its response headers (empty if absent). */
    record Streamed<T>(T result, Optional<String> header) {}

    /**
     * A POST whose 200 body is read as it arrives (a backup, too large to hold); the reader's failure, or the
     * connection's, comes back as a CliFailure with its message.
     */
    <T> Streamed<T> postStreamed(String path, String header, BodyReader<T> reader) throws CliFailure {
        HttpResponse<InputStream> r = exchange("POST", path);
        try (InputStream body = r.body()) {
            return new Streamed<>(reader.read(body), r.headers().firstValue(header));
        } catch (IOException e) {
            throw new CliFailure(String.valueOf(e.getMessage()));
        }
    }

    private byte[] call(String method, String path) throws CliFailure {
        try (InputStream body = exchange(method, path).body()) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw noAnswer(e);
        }
    }

    /**
     * Asks for a nonce, then sends the request with an {@link AdminMac} over it, never the token itself: whatever
     * answers on the port (a local user may bind it while the appliance is down) learns one MAC, good for nothing
     * the appliance would accept.
     */
    private HttpResponse<InputStream> exchange(String method, String path) throws CliFailure {
        checkLoopback(url); // the MAC is no secret, but only a loopback peer can be the appliance's admin endpoint
        byte[] key = readKey();
        String base = url.replaceAll("/+$", "");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String nonce = challenge(client, base);
        URI uri = URI.create(base + path);
        return send(
                client,
                request(uri, method, AdminMac.authorization(key, nonce, method, AdminMac.target(uri), new byte[0])));
    }

    private String challenge(HttpClient client, String base) throws CliFailure {
        String nonce;
        try (InputStream body = send(client, request(URI.create(base + AdminMac.CHALLENGE_PATH), "POST", ""))
                .body()) {
            nonce = new String(body.readNBytes(MAX_REASON), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw noAnswer(e);
        }
        if (!AdminMac.isNonce(nonce)) {
            throw new CliFailure("appliance admin endpoint " + url + " answered " + AdminMac.CHALLENGE_PATH
                    + " without a nonce (is it the appliance?)");
        }
        return nonce;
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

    /** Sends the request; a 200's body is the caller's to read (and close), any other status a one-line failure. */
    private HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws CliFailure {
        try {
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                try (InputStream body = r.body()) {
                    throw new CliFailure(new String(body.readNBytes(MAX_REASON), StandardCharsets.UTF_8).strip()
                            + " (HTTP " + r.statusCode() + ")");
                }
            }
            return r;
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

    private CliFailure noAnswer(IOException e) {
        return new CliFailure("appliance admin endpoint " + url + " did not answer: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    /**
     * Refuses an admin URL that cannot be the appliance. It serves its admin routes over plain http (OpsHttpServer
     * has no TLS) to loopback peers only (AdminRoutes), so anything but http to 127.0.0.0/8, [::1] or localhost
     * would at best fail and at worst hand a remote peer a MAC and the admin command's answer to forge; https is
     * refused too, for no appliance answers it.
     */
    private static void checkLoopback(String url) throws CliFailure {
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
