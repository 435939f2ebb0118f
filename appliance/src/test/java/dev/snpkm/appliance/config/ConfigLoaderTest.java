package dev.snpkm.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.bootstrap.ExternalClientCa;
import dev.snpkm.appliance.testing.TestTrustRoots;
import dev.snpkm.sev.report.ProductLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
        assertThat(c.kmip().https())
                .as("KMIP over HTTPS is off until an operator turns it on")
                .isEqualTo(new ApplianceConfig.Https(false, "/kmip"));
        assertThat(c.metrics().address()).isEqualTo("127.0.0.1");
        assertThat(c.tls().provider())
                .as("BoringSSL where it loads, else the JDK")
                .isEqualTo("auto");
        assertThat(c.metrics().port()).isEqualTo(9696);
        assertThat(c.tls().usesBootstrappedPki()).isTrue();
        assertThat(c.attestation().nonceTtlSeconds()).isEqualTo(60);
        assertThat(c.attestation().testTrustRootsDir())
                .as("AMD's real roots unless a lab opts out")
                .isNull();
        assertThat(c.policiesPath()).isEqualTo(Path.of("/var/lib/snpkm/policies.yaml"));
        assertThat(c.store().external())
                .as("the embedded H2 store unless a PostgreSQL url is set")
                .isFalse();
        assertThat(c.certify().enabled())
                .as("Certify off until an issuing CA is given")
                .isFalse();
        assertThat(c.certify().validityDays()).isEqualTo(365);
    }

    /** Last-one-wins would let a second 'tls:' or 'policies:' further down replace the first unseen. */
    @Test
    void aKeyGivenTwiceIsRejectedNamingItAndItsLine() throws Exception {
        Path topLevel = write("policies: /etc/snpkm/policies.yaml\nlimits:\n  workers: 3\npolicies: /tmp/p.yaml\n");
        assertThatThrownBy(() -> new ConfigLoader().load(topLevel))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("not valid YAML at line 4: Duplicate field 'policies'");
        Path nested = write("kmip:\n  port: 5696\n  port: 15696\n");
        assertThatThrownBy(() -> new ConfigLoader().load(nested))
                .hasMessageEndingWith("not valid YAML at line 3: Duplicate field 'port'");
    }

    @Test
    void aFileChangesOnlyTheKeysItSets() throws Exception {
        Path f = write("limits:\n  workers: 3\n");
        ApplianceConfig c = new ConfigLoader().load(f);
        assertThat(c.limits().workers()).isEqualTo(3);
        assertThat(c.limits().maxConnections()).isEqualTo(1000);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "kmip:\\n  port: 70000|kmip.port: 70000 is not a TCP port (1-65535)",
                "metrics:\\n  port: -1|metrics.port: -1 is not a TCP port (1-65535)",
                "kmip:\\n  prot: 5696|kmip.prot: unknown key",
                "limits:\\n  workers: 0|limits.workers: 0 is out of range",
                "limits:\\n  max-connections: lots|limits.max-connections: 'lots' is not a valid",
                "administrators: [bob]|administrators[0]: 'bob' is neither CN=<common name> nor sha256:",
                "tls:\\n  certificate: /nonexistent.pem|tls.certificate: /nonexistent.pem does not exist",
                "tls:\\n  provider: boringssl|tls.provider: 'boringssl' is not a TLS provider (one of auto",
                "kmip:\\n  transport: io_uring|kmip.transport: 'io_uring' is not a network transport (one of auto",
                "kmip:\\n  address: 'not an address!'|kmip.address: 'not an address!' is not an IP address",
                "attestation:\\n  nonce-ttl-seconds: 1|attestation.nonce-ttl-seconds: 1 is out of range",
                "kmip:\\n  lease-time-seconds: 0|kmip.lease-time-seconds: 0 is out of range",
                "kmip:\\n  https:\\n    path: kmip|kmip.https.path: the HTTPS path must be an absolute path",
                "kmip:\\n  https:\\n    enabled: maybe|kmip.https.enabled: 'maybe' is not a valid",
                "attestation:\\n  test-trust-roots-dir: /nonexistent|attestation.test-trust-roots-dir: /nonexistent is not a ",
                "store:\\n  url: jdbc:mysql://db/kms|store.url: a PostgreSQL store URL starts with jdbc:postgresql://",
                "store:\\n  url: 'jdbc:postgresql://db/kms?password=x'|store.url: the PostgreSQL URL must not carry",
                "store:\\n  url: jdbc:postgresql://db/kms|store.user: must be set for a PostgreSQL store",
                "store:\\n  url: jdbc:postgresql://db/kms\\n  user: kms|store.password-file: must be set for a PostgreSQL",
                "store:\\n  url: jdbc:postgresql://db/kms\\n  user: kms\\n  password-file: /nonexistent|"
                        + "store.password-file: /nonexistent does not exist",
                "store:\\n  user: kms|store.url: is null (the embedded H2 store): user and password-file are for",
                "certify:\\n  ca-certificate: /etc/hosts|certify.ca-private-key: must be set together with "
                        + "certify.ca-certificate",
                "certify:\\n  ca-private-key: /etc/hosts|certify.ca-certificate: must be set together with",
                "certify:\\n  ca-certificate: /nonexistent.pem\\n  ca-private-key: /etc/hosts|"
                        + "certify.ca-certificate: /nonexistent.pem does not exist",
                "certify:\\n  ca-certificate: /etc/hosts\\n  ca-private-key: /etc/hosts\\n  validity-days: 0|"
                        + "certify.validity-days: 0 is out of range"
            })
    void rejectsABadValueNamingTheKeyOnOneLine(String yaml, String expected) throws Exception {
        Path f = write(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> new ConfigLoader().load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void clientCrlsMustParseAndBeSignedByAClientCa() throws Exception {
        ExternalClientCa ca = ExternalClientCa.create(tmp.resolve("enterprise"), "enterprise-ca");
        ExternalClientCa other = ExternalClientCa.create(tmp.resolve("other"), "other-ca");
        ExternalClientCa.IssuedFiles server = ca.issueServer();
        Instant nextWeek = Instant.now().plus(Duration.ofDays(7));
        Path good = ca.writeCrl("good.crl", nextWeek, false);
        Path forged = ca.writeCrl("forged.crl", nextWeek, true);
        Path foreign = other.writeCrl("foreign.crl", nextWeek, false);
        Path garbage = Files.writeString(tmp.resolve("garbage.crl"), "not a CRL");
        String tls = "tls:\n  certificate: " + server.certificate() + "\n  private-key: " + server.privateKey()
                + "\n  client-ca: " + ca.caPem() + "\n  client-crls: [%s]\n";

        assertThat(new ConfigLoader().load(write(tls.formatted(good))).tls().clientCrls())
                .containsExactly(good);
        assertThat(new ConfigLoader()
                        .load(write("tls:\n  client-crls: []\n"))
                        .tls()
                        .clientCrls())
                .isEmpty();
        Map<String, String> rejected = Map.of(
                good + ", " + forged,
                "tls.client-crls[1]: " + forged + ": the CRL signature does not verify against "
                        + "the client CA CN=enterprise-ca,O=snpkm appliance",
                foreign.toString(),
                "tls.client-crls[0]: " + foreign + " is issued by CN=other-ca,O=snpkm appliance, "
                        + "which is not one of the client CAs (tls.client-ca)",
                garbage.toString(),
                "tls.client-crls[0]: " + garbage + " is not a PEM or DER X.509 CRL",
                tmp.resolve("missing.crl").toString(),
                "tls.client-crls[0]: " + tmp.resolve("missing.crl") + " does not exist or is not readable");
        for (Map.Entry<String, String> r : rejected.entrySet()) {
            Path f = write(tls.formatted(r.getKey()));
            assertThatThrownBy(() -> new ConfigLoader().load(f))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(r.getValue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        Path bootstrapped = write("tls:\n  client-crls: [" + good + "]\n");
        assertThatThrownBy(() -> new ConfigLoader().load(bootstrapped))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.client-crls: needs tls.client-ca");
    }

    @Test
    void amdCrlsMustParseAndBeSignedByAPinnedArk() throws Exception {
        Path roots = TestTrustRoots.write(tmp.resolve("amd-test-roots"));
        Instant nextWeek = Instant.now().plus(Duration.ofDays(7));
        Path good = TestTrustRoots.writeCrl(tmp.resolve("genoa.crl"), ProductLine.GENOA, nextWeek);
        ExternalClientCa other = ExternalClientCa.create(tmp.resolve("other"), "other-ca");
        Path foreign = other.writeCrl("foreign.crl", nextWeek, false);
        Path garbage = Files.writeString(tmp.resolve("garbage.crl"), "not a CRL");
        String attestation = "attestation:\n  test-trust-roots-dir: " + roots + "\n  amd-crls: [%s]\n";

        assertThat(new ConfigLoader()
                        .load(write(attestation.formatted(good)))
                        .attestation()
                        .amdCrls())
                .containsExactly(good);
        assertThat(new ConfigLoader()
                        .load(write("kmip:\n  port: 5696\n"))
                        .attestation()
                        .amdCrls())
                .isEmpty();
        Map<String, String> rejected = Map.of(
                good + ", " + foreign,
                "attestation.amd-crls[1]: " + foreign + ": CRL issued by O=snpkm appliance,CN=other-ca is not "
                        + "validly signed by any pinned ARK",
                garbage.toString(),
                "attestation.amd-crls[0]: " + garbage + " is not a PEM or DER X.509 CRL",
                tmp.resolve("missing.crl").toString(),
                "attestation.amd-crls[0]: " + tmp.resolve("missing.crl") + " does not exist or is not readable");
        for (Map.Entry<String, String> r : rejected.entrySet()) {
            Path f = write(attestation.formatted(r.getKey()));
            assertThatThrownBy(() -> new ConfigLoader().load(f))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(r.getValue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        // Without test roots, the CRL must be AMD's: one signed by the generated hierarchy's ARK is refused.
        Path amdRoots = write("attestation:\n  amd-crls: [" + good + "]\n");
        assertThatThrownBy(() -> new ConfigLoader().load(amdRoots))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not validly signed by any pinned ARK");
    }

    private Path write(String yaml) throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
