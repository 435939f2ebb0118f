package dev.snpkm.client.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.kdf.ConcatenationKDFGenerator;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.params.KDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The guest's ECDH unwrap (JDK only) against a key manager played by Bouncy Castle's low-level pieces, written from
 * docs/KEY-WRAPPING.md: point multiplication, the SP 800-56A concatenation KDF over SHA-384, RFC 3394 AES wrap.
 */
class EcdhWrappingKeyTest {
    private static final X9ECParameters P384 = SECNamedCurves.getByName("secp384r1");
    private static final BigInteger RECIPIENT = new BigInteger("7d1f2e3d4c5b6a798897a6b5c4d3e2f1a0", 16);
    private static final BigInteger EPHEMERAL = new BigInteger("0123456789abcdef0123456789abcdef01", 16);
    /** A TTLV Key Value {Key Material: 32 bytes}, as the release wraps it. */
    private static final byte[] KEY_VALUE = HexFormat.of()
            .parseHex("42004501000000284200430800000020"
                    + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** A JDK P-384 pair with a fixed private scalar, so the test is a known-answer test. */
    static EcdhWrappingKey fixedKey(BigInteger d) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        var params = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        ECPoint q = P384.getG().multiply(d).normalize();
        KeyFactory f = KeyFactory.getInstance("EC");
        return new EcdhWrappingKey(new KeyPair(
                f.generatePublic(new ECPublicKeySpec(
                        new java.security.spec.ECPoint(
                                q.getAffineXCoord().toBigInteger(),
                                q.getAffineYCoord().toBigInteger()),
                        params)),
                f.generatePrivate(new ECPrivateKeySpec(d, params))));
    }

    /** The key manager's side for recipient point Q and ephemeral scalar e. */
    static byte[] serverWrap(ECPoint recipient, BigInteger e, byte[] input) {
        byte[] ephemeral = P384.getG().multiply(e).normalize().getEncoded(false);
        byte[] z = recipient.multiply(e).normalize().getAffineXCoord().getEncoded();
        ByteArrayOutputStream fixed = new ByteArrayOutputStream();
        for (byte[] field : new byte[][] {
            "KMIP-SNP-ECDH-A256KW-v1".getBytes(StandardCharsets.US_ASCII), ephemeral, recipient.getEncoded(false)
        }) {
            fixed.writeBytes(new byte[] {0, 0, 0, (byte) field.length});
            fixed.writeBytes(field);
        }
        fixed.writeBytes(new byte[] {0, 0, 1, 0});
        ConcatenationKDFGenerator kdf = new ConcatenationKDFGenerator(new SHA384Digest());
        kdf.init(new KDFParameters(z, fixed.toByteArray()));
        byte[] kek = new byte[32];
        kdf.generateBytes(kek, 0, 32);
        AESWrapEngine kw = new AESWrapEngine();
        kw.init(true, new KeyParameter(kek));
        byte[] ct = kw.wrap(input, 0, input.length);
        byte[] out = Arrays.copyOf(ephemeral, ephemeral.length + ct.length);
        System.arraycopy(ct, 0, out, ephemeral.length, ct.length);
        return out;
    }

    private static ECPoint point(EphemeralWrappingKey key) {
        return P384.getCurve().decodePoint(EcdhWrappingKey.uncompressed(((ECPublicKey) key.publicKey()).getW()));
    }

    @Test
    void unwrapsWhatAnIndependentImplementationWrappedForFixedKeys() throws Exception {
        EcdhWrappingKey key = fixedKey(RECIPIENT);
        byte[] wrapped = serverWrap(P384.getG().multiply(RECIPIENT), EPHEMERAL, KEY_VALUE);
        assertThat(wrapped).hasSize(97 + KEY_VALUE.length + 8);
        assertThat(key.unwrap(wrapped)).isEqualTo(KEY_VALUE);
        assertThat(key.wrapping()).isEqualTo(ReleaseWrapping.ECDH_P384_AES_KW);
        assertThat(key.cryptographicLength()).isEqualTo(384);
    }

    /** docs/KEY-WRAPPING.md "Test vector" (Q_E ‖ C), computed with Python cryptography (OpenSSL). */
    private static final String DOC_VECTOR =
            "04e7e2aefdaa4ae4268728fc80802436887a3768d0c8870a3e16b388fc9b05edcc2efab999c63a5b4435b65087c1033f"
                    + "94467032b66ded6515ddc6cdf9b285eea200659835142f2cc0a9f76a1be4be3842da068092824a79b144457876475636"
                    + "b70d761f32bc62f7e967eda26e1694d8c42f5c979d9d88a782fe8f90708cf57fb98ca72b38678123435ce285100d1f24"
                    + "4e63648dc992380ae5";

    @Test
    void unwrapsTheTestVectorInKeyWrappingDoc() throws Exception {
        byte[] vector = HexFormat.of().parseHex(DOC_VECTOR);
        assertThat(fixedKey(RECIPIENT).unwrap(vector)).isEqualTo(KEY_VALUE);
        assertThat(serverWrap(P384.getG().multiply(RECIPIENT), EPHEMERAL, KEY_VALUE))
                .isEqualTo(vector);
    }

    @Test
    void aFreshKeyUnwrapsAndItsSpkiIsANamedCurveP384Key() throws Exception {
        EphemeralWrappingKey key = EphemeralWrappingKey.generate();
        assertThat(key).isInstanceOf(EcdhWrappingKey.class);
        assertThat(key.unwrap(serverWrap(point(key), EPHEMERAL, KEY_VALUE))).isEqualTo(KEY_VALUE);
        // SEQUENCE { SEQUENCE { id-ecPublicKey, secp384r1 }, BIT STRING 04 ‖ X ‖ Y }
        assertThat(HexFormat.of().formatHex(key.subjectPublicKeyInfo()))
                .startsWith("3076301006072a8648ce3d020106052b81040022036200" + "04");
    }

    @Test
    void aChangedCiphertextFailsTheIntegrityCheck() throws Exception {
        EphemeralWrappingKey key = fixedKey(RECIPIENT);
        byte[] wrapped = serverWrap(point(key), EPHEMERAL, KEY_VALUE);
        wrapped[wrapped.length - 1] ^= 0x01;
        assertThatThrownBy(() -> key.unwrap(wrapped)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anotherValidEphemeralPointDerivesAnotherKekAndFails() throws Exception {
        EphemeralWrappingKey key = fixedKey(RECIPIENT);
        byte[] wrapped = serverWrap(point(key), EPHEMERAL, KEY_VALUE);
        System.arraycopy(P384.getG().getEncoded(false), 0, wrapped, 0, 97);
        assertThatThrownBy(() -> key.unwrap(wrapped)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anEphemeralPointOffTheCurveIsRefusedBeforeAgreement() throws Exception {
        EphemeralWrappingKey key = fixedKey(RECIPIENT);
        byte[] wrapped = serverWrap(point(key), EPHEMERAL, KEY_VALUE);
        wrapped[96] ^= 0x01; // last byte of Y
        assertThatThrownBy(() -> key.unwrap(wrapped))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not on P-384");
    }

    @Test
    void aKeyWrappedToAP256PointOrTooShortIsRefused() throws Exception {
        EphemeralWrappingKey key = fixedKey(RECIPIENT);
        X9ECParameters p256 = SECNamedCurves.getByName("secp256r1");
        byte[] p256Point = p256.getG().multiply(EPHEMERAL).normalize().getEncoded(false);
        byte[] wrong = Arrays.copyOf(p256Point, 65 + 48);
        assertThatThrownBy(() -> key.unwrap(wrong)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> key.unwrap(new byte[100]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("97 bytes");
    }

    @Test
    void onlyAP384PairIsAccepted() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = g.generateKeyPair();
        assertThatThrownBy(() -> new EcdhWrappingKey(p256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-384");
    }
}
