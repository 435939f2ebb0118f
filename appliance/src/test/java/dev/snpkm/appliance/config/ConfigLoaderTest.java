package dev.snpkm.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void runsWithoutAnyFileOnDocumentedDefaults() throws Exception {
        ApplianceConfig c = new ConfigLoader().defaults();
        assertThat(c.kmip().port()).isEqualTo(5696);
        assertThat(c.kmip().leaseTimeSeconds()).isEqualTo(3600);
        assertThat(c.metrics().address()).isEqualTo("127.0.0.1");
        assertThat(c.metrics().port()).isEqualTo(9696);
        assertThat(c.tls().usesBootstrappedPki()).isTrue();
        assertThat(c.attestation().nonceTtlSeconds()).isEqualTo(60);
        assertThat(c.attestation().testTrustRootsDir()).as("AMD's real roots unless a lab opts out").isNull();
        assertThat(c.policiesPath()).isEqualTo(Path.of("/var/lib/snpkm/policies.yaml"));
    }

    @Test
    void aFileChangesOnlyTheKeysItSets() throws Exception {
        Path f = write("limits:\n  workers: 3\n");
        ApplianceConfig c = new ConfigLoader().load(f);
        assertThat(c.limits().workers()).isEqualTo(3);
        assertThat(c.limits().maxConnections()).isEqualTo(1000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kmip:\\n  port: 70000|kmip.port: 70000 is not a TCP port (1-65535)",
            "metrics:\\n  port: -1|metrics.port: -1 is not a TCP port (1-65535)",
            "kmip:\\n  prot: 5696|kmip.prot: unknown key",
            "limits:\\n  workers: 0|limits.workers: 0 is out of range",
            "limits:\\n  max-connections: lots|limits.max-connections: 'lots' is not a valid",
            "administrators: [bob]|administrators[0]: 'bob' is neither CN=<common name> nor sha256:",
            "tls:\\n  certificate: /nonexistent.pem|tls.certificate: /nonexistent.pem does not exist",
            "kmip:\\n  address: 'not an address!'|kmip.address: 'not an address!' is not an IP address",
            "attestation:\\n  nonce-ttl-seconds: 1|attestation.nonce-ttl-seconds: 1 is out of range",
            "kmip:\\n  lease-time-seconds: 0|kmip.lease-time-seconds: 0 is out of range",
            "attestation:\\n  test-trust-roots-dir: /nonexistent|attestation.test-trust-roots-dir: /nonexistent is not a "})
    void rejectsABadValueNamingTheKeyOnOneLine(String yaml, String expected) throws Exception {
        Path f = write(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> new ConfigLoader().load(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Path write(String yaml) throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
