package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The running appliance's loopback admin routes, authorised by the data directory's admin token. */
final class AdminEndpoint {
    @Option(
            names = "--admin-url",
            defaultValue = "http://127.0.0.1:9696",
            description = "the appliance's ops endpoint on this host (default ${DEFAULT-VALUE})")
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

    /** A POST's body and one of its response headers (empty if absent). */
    record Reply(byte[] body, java.util.Optional<String> header) {}

    Reply post(String path, String header) throws CliFailure {
        HttpResponse<byte[]> r = exchange("POST", path);
        return new Reply(r.body(), r.headers().firstValue(header));
    }

    private byte[] call(String method, String path) throws CliFailure {
        return exchange(method, path).body();
    }

    private HttpResponse<byte[]> exchange(String method, String path) throws CliFailure {
        String token;
        Path tokenFile = new DataDirectory(dataDir).adminToken();
        try {
            token = Files.readString(tokenFile).trim();
        } catch (IOException e) {
            throw new CliFailure("cannot read " + tokenFile + " (run on the appliance host as its user, or pass "
                    + "--data-dir): " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<byte[]> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new CliFailure(
                        new String(r.body(), StandardCharsets.UTF_8).strip() + " (HTTP " + r.statusCode() + ")");
            }
            return r;
        } catch (java.net.ConnectException e) {
            throw new CliFailure("appliance not running at " + url + " (connection refused; start it, or pass "
                    + "--admin-url with its metrics.address:metrics.port)");
        } catch (IOException e) {
            throw new CliFailure("appliance admin endpoint " + url + " did not answer: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }
}
