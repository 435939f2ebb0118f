package dev.snpkm.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemReaderTest {
    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.generate(dir.resolve("pki"));
    }

    @Test
    void readsAnEcPkcs8Key() throws Exception {
        PrivateKey key = PemReader.privateKey(pki.client().privateKeyPem());
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(key.getEncoded()).isEqualTo(pki.client().privateKey().getEncoded());
    }

    @Test
    void readsAnRsaPkcs8Key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey rsa = g.generateKeyPair().getPrivate();
        Path pem = write("rsa-key.pem", "PRIVATE KEY", rsa.getEncoded());

        PrivateKey read = PemReader.privateKey(pem);
        assertThat(read.getAlgorithm()).isEqualTo("RSA");
        assertThat(read.getEncoded()).isEqualTo(rsa.getEncoded());
    }

    @Test
    void legacyRsaKeyIsRefusedWithTheOpensslCommandThatConvertsIt() throws Exception {
        Path pem = write("legacy-rsa.pem", "RSA PRIVATE KEY", new byte[] {0x30, 0x00});
        assertThatThrownBy(() -> PemReader.privateKey(pem))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + pem)
                .hasMessageNotContaining("\n");
    }

    @Test
    void legacyEcKeyIsRefusedWithTheOpensslCommandThatConvertsIt() throws Exception {
        Path pem = write("legacy-ec.pem", "EC PRIVATE KEY", new byte[] {0x30, 0x00});
        assertThatThrownBy(() -> PemReader.privateKey(pem))
                .hasMessageContaining("EC key in a legacy format")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void readsEveryCertificateOfABundleInOrder() throws Exception {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(
                bundle,
                Files.readString(pki.caCertificatePem())
                        + Files.readString(pki.server().certificatePem()));
        assertThat(PemReader.certificates(bundle))
                .containsExactly(pki.caCertificate(), pki.server().certificate());
    }

    @Test
    void fileWithoutCertificatesIsRefused() throws Exception {
        Path notPem = dir.resolve("empty.pem");
        Files.writeString(notPem, "hello\n");
        assertThatThrownBy(() -> PemReader.certificates(notPem))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining(notPem.toString());
    }

    @Test
    void aFileWithoutAKeyBlockOrWithAnUnfinishedOrDamagedOneIsRefused() throws Exception {
        Path none = dir.resolve("none.pem");
        Files.writeString(none, "hello\n");
        assertThatThrownBy(() -> PemReader.privateKey(none))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining("holds no '-----BEGIN PRIVATE KEY-----' block");
        Path unfinished = dir.resolve("unfinished.pem");
        Files.writeString(unfinished, "-----BEGIN PRIVATE KEY-----\nMIIB\n");
        assertThatThrownBy(() -> PemReader.privateKey(unfinished))
                .hasMessageContaining("holds no '-----BEGIN PRIVATE KEY-----' block");
        Path damaged = dir.resolve("damaged.pem");
        Files.writeString(damaged, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemReader.privateKey(damaged))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining("is not an RSA or EC PKCS#8 private key");
    }

    @Test
    void missingFileIsNamedInTheError() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> PemReader.privateKey(missing))
                .hasMessageContaining("cannot read private key file")
                .hasMessageContaining(missing.toString());
    }

    private static Path write(String name, String label, byte[] der) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(
                p,
                "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                        + "-----\n",
                StandardCharsets.US_ASCII);
        return p;
    }
}
