package dev.snpkm.client.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.client.attestation.EcdhWrappingKey.Curve;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guest's ECDH unwrap (JDK only) against a key manager played by Bouncy Castle's low-level pieces, written from
 * docs/KEY-WRAPPING.md: point multiplication, the SP 800-56A concatenation KDF over SHA-384, RFC 3394 AES wrap. Each
 * case runs on both curves the guest offers.
 */
class EcdhWrappingKeyTest {
    private static final BigInteger RECIPIENT = new BigInteger("7d1f2e3d4c5b6a798897a6b5c4d3e2f1a0", 16);
    private static final BigInteger EPHEMERAL = new BigInteger("0123456789abcdef0123456789abcdef01", 16);
    /** A TTLV Key Value {Key Material: 32 bytes}, as the release wraps it. */
    private static final byte[] KEY_VALUE = HexFormat.of()
            .parseHex("42004501000000284200430800000020"
                    + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** docs/KEY-WRAPPING.md "Test vectors" (Q_E ‖ C) for RECIPIENT, EPHEMERAL and KEY_VALUE, computed with Python
     * cryptography (OpenSSL). */
    private static final String P384_VECTOR =
            "04e7e2aefdaa4ae4268728fc80802436887a3768d0c8870a3e16b388fc9b05edcc2efab999c63a5b4435b65087c1033f"
                    + "94467032b66ded6515ddc6cdf9b285eea200659835142f2cc0a9f76a1be4be3842da068092824a79b144457876475636"
                    + "b70d761f32bc62f7e967eda26e1694d8c42f5c979d9d88a782fe8f90708cf57fb98ca72b38678123435ce285100d1f24"
                    + "4e63648dc992380ae5";

    private static final String P256_VECTOR =
            "0415fec3ea5a7ee60e7ab193812af6c983bcc8c5312c454d80f659abbe7da4ecf4fbee92362f0011cd98a02024966f7a3a"
                    + "412272be7e9ec28c446e74f66672e4f4d137c12c54d13ee03f0adf444b7f0e39daec98723861bd50b45781d9dcdec6f9"
                    + "785473fb5c10e2a8263ebfafb732d0dd8dd8ecbcd8b63a82";

    private static X9ECParameters bc(Curve curve) {
        return SECNamedCurves.getByName(curve == Curve.P_256 ? "secp256r1" : "secp384r1");
    }

    private static int pointBytes(Curve curve) {
        return curve == Curve.P_256 ? 65 : 97;
    }

    /** A JDK pair on {@code curve} with a fixed private scalar, so the test is a known-answer test. */
    static EcdhWrappingKey fixedKey(Curve curve, BigInteger d) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve == Curve.P_256 ? "secp256r1" : "secp384r1"));
        var params = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        ECPoint q = bc(curve).getG().multiply(d).normalize();
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
    static byte[] serverWrap(Curve curve, ECPoint recipient, BigInteger e, byte[] input) {
        byte[] ephemeral = bc(curve).getG().multiply(e).normalize().getEncoded(false);
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

    private static ECPoint point(Curve curve, EphemeralWrappingKey key) {
        return bc(curve)
                .getCurve()
                .decodePoint(EcdhWrappingKey.uncompressed(((ECPublicKey) key.publicKey()).getW(), curve));
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void unwrapsWhatAnIndependentImplementationWrappedForFixedKeys(Curve curve) throws Exception {
        EcdhWrappingKey key = fixedKey(curve, RECIPIENT);
        byte[] wrapped = serverWrap(curve, bc(curve).getG().multiply(RECIPIENT), EPHEMERAL, KEY_VALUE);
        assertThat(wrapped).hasSize(pointBytes(curve) + KEY_VALUE.length + 8);
        assertThat(key.unwrap(wrapped)).isEqualTo(KEY_VALUE);
        assertThat(key.curve()).isEqualTo(curve);
        assertThat(key.wrapping())
                .isEqualTo(curve == Curve.P_256 ? ReleaseWrapping.ECDH_P256_AES_KW : ReleaseWrapping.ECDH_P384_AES_KW);
        assertThat(key.cryptographicLength()).isEqualTo(curve == Curve.P_256 ? 256 : 384);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void unwrapsTheTestVectorInKeyWrappingDoc(Curve curve) throws Exception {
        byte[] vector = HexFormat.of().parseHex(curve == Curve.P_256 ? P256_VECTOR : P384_VECTOR);
        assertThat(fixedKey(curve, RECIPIENT).unwrap(vector)).isEqualTo(KEY_VALUE);
        assertThat(serverWrap(curve, bc(curve).getG().multiply(RECIPIENT), EPHEMERAL, KEY_VALUE))
                .isEqualTo(vector);
    }

    @Test
    void freshKeysUnwrapAndTheirSpkisAreNamedCurveKeys() throws Exception {
        // SEQUENCE { SEQUENCE { id-ecPublicKey, secp384r1 | prime256v1 }, BIT STRING 04 ‖ X ‖ Y }
        EphemeralWrappingKey p384 = EphemeralWrappingKey.generate(ReleaseWrapping.ECDH_P384_AES_KW);
        assertThat(p384.unwrap(serverWrap(Curve.P_384, point(Curve.P_384, p384), EPHEMERAL, KEY_VALUE)))
                .isEqualTo(KEY_VALUE);
        assertThat(HexFormat.of().formatHex(p384.subjectPublicKeyInfo()))
                .startsWith("3076301006072a8648ce3d020106052b81040022036200" + "04");
        EphemeralWrappingKey p256 = EphemeralWrappingKey.generate(ReleaseWrapping.ECDH_P256_AES_KW);
        assertThat(p256.unwrap(serverWrap(Curve.P_256, point(Curve.P_256, p256), EPHEMERAL, KEY_VALUE)))
                .isEqualTo(KEY_VALUE);
        assertThat(HexFormat.of().formatHex(p256.subjectPublicKeyInfo()))
                .startsWith("3059301306072a8648ce3d020106082a8648ce3d030107034200" + "04");
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void aChangedCiphertextFailsTheIntegrityCheck(Curve curve) throws Exception {
        EphemeralWrappingKey key = fixedKey(curve, RECIPIENT);
        byte[] wrapped = serverWrap(curve, point(curve, key), EPHEMERAL, KEY_VALUE);
        wrapped[wrapped.length - 1] ^= 0x01;
        assertThatThrownBy(() -> key.unwrap(wrapped)).isInstanceOf(GeneralSecurityException.class);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void anotherValidEphemeralPointDerivesAnotherKekAndFails(Curve curve) throws Exception {
        EphemeralWrappingKey key = fixedKey(curve, RECIPIENT);
        byte[] wrapped = serverWrap(curve, point(curve, key), EPHEMERAL, KEY_VALUE);
        System.arraycopy(bc(curve).getG().getEncoded(false), 0, wrapped, 0, pointBytes(curve));
        assertThatThrownBy(() -> key.unwrap(wrapped)).isInstanceOf(GeneralSecurityException.class);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void anEphemeralPointOffTheCurveIsRefusedBeforeAgreement(Curve curve) throws Exception {
        EphemeralWrappingKey key = fixedKey(curve, RECIPIENT);
        byte[] wrapped = serverWrap(curve, point(curve, key), EPHEMERAL, KEY_VALUE);
        wrapped[pointBytes(curve) - 1] ^= 0x01; // last byte of Y
        assertThatThrownBy(() -> key.unwrap(wrapped))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not on " + curve);
    }

    @Test
    void aKeyWrappedOnTheOtherCurveOrTooShortIsRefused() throws Exception {
        EphemeralWrappingKey p384 = fixedKey(Curve.P_384, RECIPIENT);
        byte[] p256Wrapped = serverWrap(Curve.P_256, bc(Curve.P_256).getG().multiply(RECIPIENT), EPHEMERAL, KEY_VALUE);
        assertThatThrownBy(() -> p384.unwrap(Arrays.copyOf(p256Wrapped, 65 + 48)))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> p384.unwrap(new byte[100]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("97 bytes");
        EphemeralWrappingKey p256 = fixedKey(Curve.P_256, RECIPIENT);
        byte[] p384Wrapped = serverWrap(Curve.P_384, bc(Curve.P_384).getG().multiply(RECIPIENT), EPHEMERAL, KEY_VALUE);
        // P-384's point read as a P-256 point is off the curve, or fails the key wrap's check.
        assertThatThrownBy(() -> p256.unwrap(p384Wrapped)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> p256.unwrap(new byte[80]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("65 bytes");
    }

    @Test
    void onlyAP256OrP384PairIsAccepted() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPair p521 = ec.generateKeyPair();
        assertThatThrownBy(() -> new EcdhWrappingKey(p521))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-256 or P-384");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaPair = rsa.generateKeyPair();
        assertThatThrownBy(() -> new EcdhWrappingKey(rsaPair))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-256 or P-384");
    }
}
