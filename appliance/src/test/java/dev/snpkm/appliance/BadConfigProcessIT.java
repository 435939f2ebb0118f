package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.testing.ApplianceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken config stops the real process with exit 2 before it creates or binds anything. */
class BadConfigProcessIT {
    @TempDir
    Path tmp;

    @Test
    void exitsTwoNamingTheKeyBeforeBootstrapOrListening() throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "kmip:\n  port: 70000\n");
        Path data = tmp.resolve("data");
        try (ApplianceProcess p = ApplianceProcess.start(config, data)) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(p.output())
                    .contains("kmip.port: 70000 is not a TCP port (1-65535)")
                    .doesNotContain("event=ready");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void exitsTwoOnAnUnknownKey() throws Exception {
        Path config = tmp.resolve("typo.yaml");
        Files.writeString(config, "limits:\n  max-conections: 5\n");
        try (ApplianceProcess p = ApplianceProcess.start(config, tmp.resolve("data"))) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(p.output()).contains("limits.max-conections: unknown key");
        }
    }
}
