package dev.snpkm.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BouncyCastleEcdsaTest {
    private static final byte[] MESSAGE = "a TLS 1.3 CertificateVerify's content".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void install() {
        BouncyCastleEcdsa.install();
    }

    @ParameterizedTest
    @CsvSource({"secp256r1, SHA256withECDSA", "secp384r1, SHA384withECDSA", "secp384r1, SHA512withECDSA"})
    void verifiesSunEcSignaturesAndLeavesSigningToSunEc(String curve, String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair keys = g.generateKeyPair();

        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(keys.getPrivate());
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        assertThat(signer.getProvider().getName())
                .as("the private key never reaches Bouncy Castle")
                .isEqualTo("SunEC");

        Signature ours = Signature.getInstance(algorithm);
        ours.initVerify(keys.getPublic());
        ours.update(MESSAGE);
        assertThat(ours.verify(signature)).as("we accept SunEC's signature").isTrue();
        assertThat(ours.getProvider().getName()).isEqualTo(BouncyCastleEcdsa.NAME);
        ours.initVerify(keys.getPublic());
        ours.update("another message".getBytes(StandardCharsets.UTF_8));
        assertThat(ours.verify(signature))
                .as("a signature over other bytes is refused")
                .isFalse();
    }

    @Test
    void namedExplicitlyItRefusesToSign() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        Signature ours = Signature.getInstance("SHA256withECDSA", BouncyCastleEcdsa.NAME);
        assertThatThrownBy(() -> ours.initSign(g.generateKeyPair().getPrivate()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("verifies only");
    }

    @Test
    void certificatePathCodeVerifiesCertificatesWithIt(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.generate(dir);

        pki.client().certificate().verify(pki.caCertificate().getPublicKey());
        assertThatThrownBy(() -> pki.client()
                        .certificate()
                        .verify(pki.server().certificate().getPublicKey()))
                .as("a certificate does not verify under a key that did not sign it")
                .isInstanceOf(SignatureException.class);
        Signature lookup = Signature.getInstance(pki.caCertificate().getSigAlgName());
        lookup.initVerify(pki.caCertificate().getPublicKey());
        assertThat(lookup.getProvider().getName()).isEqualTo(BouncyCastleEcdsa.NAME);
    }

    @Test
    void installsOnceAtTheHeadAndLeavesEverythingElseToTheJdk() throws Exception {
        BouncyCastleEcdsa.install();

        assertThat(Security.getProviders()[0].getName()).isEqualTo(BouncyCastleEcdsa.NAME);
        assertThat(Arrays.stream(Security.getProviders())
                        .filter(p -> p.getName().equals(BouncyCastleEcdsa.NAME)))
                .hasSize(1);
        assertThat(KeyPairGenerator.getInstance("EC").getProvider().getName()).isEqualTo("SunEC");
        assertThat(Signature.getInstance("SHA256withRSA").getProvider().getName())
                .isNotEqualTo(BouncyCastleEcdsa.NAME);
    }
}
