package dev.snpkm.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveConfigTest {
    @TempDir
    Path tmp;

    @Test
    void theWrittenConfigurationLoadsBackToTheSameSettings() throws Exception {
        Path file = tmp.resolve("in.yaml");
        Files.writeString(file, """
                kmip:
                  port: 15696
                tls:
                  extra-sans: [kms.example]
                policies: /etc/snpkm/policies.yaml
                limits:
                  workers: 3
                administrators: ["CN=ops"]
                """);
        ApplianceConfig original = new ConfigLoader().load(file).withDataDir(Path.of("/srv/snpkm"));

        String yaml = EffectiveConfig.yaml(original);
        assertThat(yaml)
                .contains(
                        "data-dir: /srv/snpkm", "policies: /etc/snpkm/policies.yaml", "port: 15696", "max-batch-items:")
                .doesNotContain("file:/", "policies-path");
        Path written = tmp.resolve("effective.yaml");
        Files.writeString(written, yaml);
        assertThat(new ConfigLoader().load(written)).isEqualTo(original);
    }
}
