package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.appliance.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh appliance started under a permissive umask: its state is owner-only all the same, and the series a
 * dashboard queries are exported at 0 before any request.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FreshApplianceProcessIT {
    @TempDir
    Path tmp;

    @Test
    void ownerOnlyFilesUnderAnyUmaskAndDashboardSeriesAtZero() throws Exception {
        Path policies = Files.writeString(
                tmp.resolve("policies.yaml"),
                "policies:\n  vm-disk:\n    measurements: [\"" + "ab".repeat(48) + "\"]\n");
        Path config =
                Files.writeString(tmp.resolve("appliance.yaml"), TestConfigs.loopback("policies: " + policies + "\n"));
        Path data = tmp.resolve("data");
        try (ApplianceProcess p = ApplianceProcess.startWithUmask("000", config, data)) {
            ApplianceProcess.ReadyLine ready = p.awaitReady();
            DataDirectory d = new DataDirectory(data);
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(d.pki())).isEqualTo("rwx------");
            assertThat(mode(d.storeFile().getParent())).isEqualTo("rwx------");
            assertThat(mode(d.storeFile())).isEqualTo("rw-------");
            for (Path secret : List.of(d.caKey(), d.serverKey(), d.adminKey(), d.masterKey(), d.adminToken())) {
                assertThat(mode(secret)).as(secret.toString()).isEqualTo("rw-------");
            }
            assertThat(mode(d.caCertificate()))
                    .as("certificates are public, never writable by others")
                    .isEqualTo("rw-r--r--");

            String metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready.metricsPort() + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains(
                            "kmip_requests_total{operation=\"get\",result=\"success\"} 0.0",
                            "kmip_requests_total{operation=\"get\",result=\"operation_failed\"} 0.0",
                            "kmip_requests_total{operation=\"create\",result=\"success\"} 0.0",
                            "kmip_requests_total{operation=\"locate\",result=\"success\"} 0.0",
                            "kmip_key_releases_total{policy=\"vm-disk\",reason=\"NONE\",result=\"released\"} 0.0",
                            "kmip_key_releases_total{policy=\"vm-disk\",reason=\"ATTESTATION_REQUIRED\",result=\"challenged\"} 0.0");
            assertThat(p.terminate()).isZero();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
