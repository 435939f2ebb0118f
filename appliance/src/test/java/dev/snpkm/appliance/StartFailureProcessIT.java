package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.testing.ApplianceProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start failures an operator meets: one line naming the cause, a non-zero exit, no stack trace on the console, and
 * (for what can be checked first) nothing created in the data directory.
 */
class StartFailureProcessIT {
    @TempDir
    Path tmp;

    @Test
    void aKmipPortInUseIsNamedAndNothingIsCreated() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Path data = tmp.resolve("data");
            String out = failedStart(
                    config("kmip:\n  address: 127.0.0.1\n  port: " + port + "\nmetrics:\n  port: 0\n"), data, 1);
            assertThat(out)
                    .contains("snpkm-appliance: cannot start: port " + port + " (kmip.port) is already in use"
                            + " on 127.0.0.1");
            assertThat(data).doesNotExist();
        }
    }

    @Test
    void aMetricsPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Path data = tmp.resolve("data");
            String out = failedStart(
                    config("kmip:\n  address: 127.0.0.1\n  port: 0\nmetrics:\n  port: " + port + "\n"), data, 1);
            assertThat(out).contains("port " + port + " (metrics.port) is already in use on 127.0.0.1");
            assertThat(data).doesNotExist();
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        String out = failedStart(config(PORTS), file, 1);
        assertThat(out).contains("snpkm-appliance: cannot start: data directory " + file + " is not a directory");

        Path under = file.resolve("data");
        String out2 = failedStart(config(PORTS), under, 1);
        assertThat(out2).contains("cannot create data directory " + under + ": " + file + " is not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aFailureAfterTheChecksIsStillOneLineWithoutAStackTrace() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("pki"));
        Files.writeString(data.resolve("pki/ca.pem"), "not a certificate");
        String out = failedStart(config(PORTS), data, 1);
        assertThat(out).contains("snpkm-appliance: cannot start: only one of " + data.resolve("pki/ca.pem"));
    }

    @Test
    void helpDescribesEveryOptionAndStartsNothing() throws Exception {
        Path data = tmp.resolve("data");
        try (ApplianceProcess p = ApplianceProcess.start(List.of("--help", "--data-dir", data.toString()))) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(p.output())
                    .startsWith("Usage: java -jar snpkm-appliance.jar")
                    .contains("--config FILE", "--data-dir DIR", "--healthcheck", "--help", "Exit codes");
        }
        assertThat(data).doesNotExist();
    }

    private static final String PORTS = "kmip:\n  address: 127.0.0.1\n  port: 0\nmetrics:\n  port: 0\n";

    private Path config(String yaml) throws Exception {
        return Files.writeString(Files.createTempFile(tmp, "appliance", ".yaml"), yaml);
    }

    /** Starts, expects {@code exit}, and checks the console has no stack trace and no ready line. */
    private static String failedStart(Path config, Path data, int exit) throws Exception {
        try (ApplianceProcess p = ApplianceProcess.start(config, data)) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.output()).isEqualTo(exit);
            String out = p.output();
            assertThat(out).doesNotContain("\tat ", "Exception:", "event=ready");
            assertThat(out.lines().filter(l -> l.startsWith("snpkm-appliance:")).count())
                    .as(out)
                    .isEqualTo(1);
            return out;
        }
    }
}
