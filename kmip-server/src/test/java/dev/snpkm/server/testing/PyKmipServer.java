package dev.snpkm.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PyKMIP 0.10 server ({@code /usr/bin/pykmip-server}) on a loopback port, configured from a generated
 * {@code server.conf} ([server] section): TLS 1.2 suite, mutual TLS with the test PKI, SQLite in the work dir.
 * PyKMIP accepts the test PKI's EC P-256 server certificate through its ECDHE-ECDSA-AES-GCM suites.
 */
public final class PyKmipServer implements AutoCloseable {
    public static final Path EXECUTABLE = Path.of("/usr/bin/pykmip-server");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;

    private PyKmipServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Writes the config into {@code workDir}, starts the server and waits (bounded) until it accepts connections.
     *
     * @param loggingLevel PyKMIP's logging_level; INFO logs every request, WARNING keeps logging off the hot path
     */
    public static PyKmipServer start(Path workDir, TestPki pki, String loggingLevel) throws IOException {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IOException(EXECUTABLE + " not found: install Debian's python3-pykmip");
        }
        Files.createDirectories(workDir);
        int port = freeLoopbackPort();
        Path config = workDir.resolve("server.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "[server]",
                        "hostname=127.0.0.1",
                        "port=" + port,
                        "certificate_path=" + pki.server().certificatePem(),
                        "key_path=" + pki.server().privateKeyPem(),
                        "ca_path=" + pki.caCertificatePem(),
                        "auth_suite=TLS1.2",
                        "enable_tls_client_auth=True",
                        "logging_level=" + loggingLevel,
                        "database_path=" + workDir.resolve("pykmip.db"),
                        ""),
                StandardCharsets.US_ASCII);
        Path log = workDir.resolve("server.log");
        Process p = new ProcessBuilder(List.of(EXECUTABLE.toString(), "-f", config.toString(), "-l", log.toString()))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .start();
        PyKmipServer server = new PyKmipServer(p, port, log);
        server.awaitListening(workDir);
        return server;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    private void awaitListening(Path workDir) throws IOException {
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("pykmip-server exited with " + process.exitValue() + ": "
                        + tail(workDir.resolve("stdout.txt")) + " " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return; // a bare TCP connect; PyKMIP's handler thread sees EOF and drops it
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IOException("pykmip-server did not listen on port " + port + " within " + STARTUP_LIMIT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
