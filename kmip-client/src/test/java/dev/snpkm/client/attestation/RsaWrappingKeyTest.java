package dev.snpkm.client.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsaWrappingKeyTest {
    private static final byte[] DEK =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static RsaWrappingKey key;

    @BeforeAll
    static void generateOnce() {
        key = RsaWrappingKey.generate();
    }

    @Test
    void isRsa3072WithPublicExponent65537() {
        RSAPublicKey pub = (RSAPublicKey) key.publicKey();
        assertThat(pub.getModulus().bitLength()).isEqualTo(3072);
        assertThat(pub.getPublicExponent().intValue()).isEqualTo(65537);
        assertThat(key.subjectPublicKeyInfo()).isEqualTo(pub.getEncoded());
    }

    @Test
    void unwrapsWhatWasWrappedWithOaepSha256AndMgf1Sha256() throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, key.publicKey(), RsaWrappingKey.OAEP_SHA256);
        byte[] wrapped = c.doFinal(DEK);

        assertThat(wrapped).hasSize(384);
        assertThat(key.unwrap(wrapped)).isEqualTo(DEK);
    }

    @Test
    void refusesOaepWithTheJdkDefaultMgf1Sha1() throws GeneralSecurityException {
        // Without explicit parameters the JDK pairs SHA-256 with MGF1-SHA-1: a server doing that must not interoperate.
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        c.init(Cipher.ENCRYPT_MODE, key.publicKey());
        byte[] wrappedWithSha1Mgf = c.doFinal(DEK);

        assertThatThrownBy(() -> key.unwrap(wrappedWithSha1Mgf)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void eachGeneratedKeyIsDifferent() {
        assertThat(RsaWrappingKey.generate().subjectPublicKeyInfo()).isNotEqualTo(key.subjectPublicKeyInfo());
    }
}
