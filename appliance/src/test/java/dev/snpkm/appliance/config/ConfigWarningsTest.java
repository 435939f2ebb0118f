package dev.snpkm.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWarningsTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultsWarnOfNothing() throws Exception {
        assertThat(ConfigWarnings.of(load(""))).isEmpty();
    }

    @Test
    void metricsOnEveryInterfaceAndClientsWithoutTheClientAuthUsageAreNamed() throws Exception {
        ApplianceConfig c = load("metrics:\n  address: 0.0.0.0\ntls:\n  accept-without-client-auth-eku: true\n");
        assertThat(ConfigWarnings.of(c))
                .hasSize(2)
                .anySatisfy(
                        w -> assertThat(w).startsWith("event=config_warning key=tls.accept-without-client-auth-eku"))
                .anySatisfy(w -> assertThat(w)
                        .startsWith("event=config_warning key=metrics.address value=0.0.0.0")
                        .contains("admin routes stay loopback only"));
        assertThat(ConfigWarnings.of(load("metrics:\n  address: \"::\"\n"))).hasSize(1);
        assertThat(ConfigWarnings.of(load("metrics:\n  address: 10.0.0.5\n"))).isEmpty();
    }

    private ApplianceConfig load(String yaml) throws Exception {
        Path f = Files.writeString(tmp.resolve("c.yaml"), "data-dir: " + tmp.resolve("data") + "\n" + yaml);
        return new ConfigLoader().load(f);
    }
}
