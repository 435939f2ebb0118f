package dev.snpkm.server.wrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.agreement.kdf.ConcatenationKDFGenerator;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.engines.AESWrapPadEngine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ECDH key wrap against an independent computation from Bouncy Castle's low-level pieces (point multiplication,
 * the SP 800-56A concatenation KDF, the JDK's AES-KW), plus the recipient's side: round trips, tampering, curves.
 */
class EcdhKeyWrapTest {
    private static final HexFormat HEX = HexFormat.of();
    /** A TTLV Key Value {Key Material: 32 bytes}: what the attested release wraps. */
    private static final byte[] KEY_VALUE = HEX.parseHex(
            "42004501000000284200430800000020" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    record Recipient(EcdhCurve curve, ECPrivateKeyParameters privateKey, SubjectPublicKeyInfo spki) {}

    static Recipient recipient(EcdhCurve curve, BigInteger d) throws Exception {
        ECPoint q = curve.domain().getG().multiply(d).normalize();
        ECPublicKeyParameters pub = new ECPublicKeyParameters(q, curve.domain());
        return new Recipient(
                curve,
                new ECPrivateKeyParameters(d, curve.domain()),
                SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub));
    }

    static AsymmetricCipherKeyPair pair(EcdhCurve curve, BigInteger d) {
        return new AsymmetricCipherKeyPair(
                new ECPublicKeyParameters(curve.domain().getG().multiply(d).normalize(), curve.domain()),
                new ECPrivateKeyParameters(d, curve.domain()));
    }

    /** The recipient's computation, written from docs/KEY-WRAPPING.md without using the class under test. */
    static byte[] unwrap(Recipient r, byte[] wrapped, EcdhKeyWrap.Mode mode) throws InvalidCipherTextException {
        int pointBytes = 1 + 2 * r.curve().fieldBytes();
        byte[] ephemeral = Arrays.copyOf(wrapped, pointBytes);
        ECPoint shared = r.curve()
                .domain()
                .getCurve()
                .decodePoint(ephemeral)
                .multiply(r.privateKey().getD())
                .normalize();
        byte[] kek = kdf(
                shared.getAffineXCoord().getEncoded(),
                ephemeral,
                r.curve()
                        .domain()
                        .getG()
                        .multiply(r.privateKey().getD())
                        .normalize()
                        .getEncoded(false));
        Wrapper w = mode == EcdhKeyWrap.Mode.RFC_3394 ? new AESWrapEngine() : new AESWrapPadEngine();
        w.init(false, new KeyParameter(kek));
        return w.unwrap(wrapped, pointBytes, wrapped.length - pointBytes);
    }

    /** SP 800-56C one-step KDF through BC's concatenation KDF generator, FixedInfo assembled by hand. */
    static byte[] kdf(byte[] z, byte[] ephemeralPoint, byte[] recipientPoint) {
        ByteArrayOutputStream fixed = new ByteArrayOutputStream();
        for (byte[] field : new byte[][] {
            "KMIP-SNP-ECDH-A256KW-v1".getBytes(StandardCharsets.US_ASCII), ephemeralPoint, recipientPoint
        }) {
            fixed.writeBytes(new byte[] {0, 0, 0, (byte) field.length});
            fixed.writeBytes(field);
        }
        fixed.writeBytes(new byte[] {0, 0, 1, 0}); // 256 bits of KEK
        ConcatenationKDFGenerator g = new ConcatenationKDFGenerator(new SHA384Digest());
        g.init(new KDFParameters(z, fixed.toByteArray()));
        byte[] kek = new byte[32];
        g.generateBytes(kek, 0, 32);
        return kek;
    }

    @ParameterizedTest
    @EnumSource(EcdhCurve.class)
    void matchesAnIndependentComputationForFixedKeys(EcdhCurve curve) throws Exception {
        Recipient r = recipient(curve, new BigInteger("1f2e3d4c5b6a798897a6b5c4d3e2f1", 16));
        AsymmetricCipherKeyPair eph = pair(curve, new BigInteger("0123456789abcdef0123456789abcdef", 16));
        byte[] ephPoint = ((ECPublicKeyParameters) eph.getPublic()).getQ().getEncoded(false);
        byte[] z = ((ECPublicKeyParameters) eph.getPublic())
                .getQ()
                .multiply(r.privateKey().getD())
                .normalize()
                .getAffineXCoord()
                .getEncoded();
        byte[] recipientPoint = curve.domain()
                .getG()
                .multiply(r.privateKey().getD())
                .normalize()
                .getEncoded(false);
        byte[] kek = kdf(z, ephPoint, recipientPoint);

        for (EcdhKeyWrap.Mode mode : EcdhKeyWrap.Mode.values()) {
            Cipher jdk =
                    Cipher.getInstance(mode == EcdhKeyWrap.Mode.RFC_3394 ? "AES/KW/NoPadding" : "AES/KWP/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
            byte[] expected = concat(ephPoint, jdk.doFinal(KEY_VALUE));

            byte[] actual = EcdhKeyWrap.toRecipient(curve, r.spki()).wrap(KEY_VALUE.clone(), mode, eph);

            assertThat(HEX.formatHex(actual)).as(mode.name()).isEqualTo(HEX.formatHex(expected));
            assertThat(actual).hasSize(1 + 2 * curve.fieldBytes() + KEY_VALUE.length + 8);
        }
    }

    /** docs/KEY-WRAPPING.md "Test vectors" (Q_E ‖ C), each computed with Python cryptography (OpenSSL). */
    static final String P384_VECTOR =
            "04e7e2aefdaa4ae4268728fc80802436887a3768d0c8870a3e16b388fc9b05edcc2efab999c63a5b4435b65087c1033f"
                    + "94467032b66ded6515ddc6cdf9b285eea200659835142f2cc0a9f76a1be4be3842da068092824a79b144457876475636"
                    + "b70d761f32bc62f7e967eda26e1694d8c42f5c979d9d88a782fe8f90708cf57fb98ca72b38678123435ce285100d1f24"
                    + "4e63648dc992380ae5";

    static final String P256_VECTOR =
            "0415fec3ea5a7ee60e7ab193812af6c983bcc8c5312c454d80f659abbe7da4ecf4fbee92362f0011cd98a02024966f7a3a"
                    + "412272be7e9ec28c446e74f66672e4f4d137c12c54d13ee03f0adf444b7f0e39daec98723861bd50b45781d9dcdec6f9"
                    + "785473fb5c10e2a8263ebfafb732d0dd8dd8ecbcd8b63a82";

    @ParameterizedTest
    @EnumSource(EcdhCurve.class)
    void reproducesTheTestVectorsInKeyWrappingDoc(EcdhCurve curve) throws Exception {
        Recipient r = recipient(curve, new BigInteger("7d1f2e3d4c5b6a798897a6b5c4d3e2f1a0", 16));
        AsymmetricCipherKeyPair eph = pair(curve, new BigInteger("0123456789abcdef0123456789abcdef01", 16));
        assertThat(HEX.formatHex(EcdhKeyWrap.toRecipient(curve, r.spki())
                        .wrap(KEY_VALUE.clone(), EcdhKeyWrap.Mode.RFC_3394, eph)))
                .isEqualTo(curve == EcdhCurve.P_256 ? P256_VECTOR : P384_VECTOR);
    }

    @ParameterizedTest
    @EnumSource(EcdhCurve.class)
    void theRecipientUnwrapsWhatAFreshEphemeralKeyWrapped(EcdhCurve curve) throws Exception {
        BigInteger d = new BigInteger(curve.fieldBytes() * 8 - 8, new SecureRandom()).add(BigInteger.TWO);
        Recipient r = recipient(curve, d);
        EcdhKeyWrap wrap = EcdhKeyWrap.toRecipient(curve, r.spki());
        byte[] first = wrap.wrap(KEY_VALUE, EcdhKeyWrap.Mode.RFC_3394, new SecureRandom());
        byte[] second = wrap.wrap(KEY_VALUE, EcdhKeyWrap.Mode.RFC_3394, new SecureRandom());

        assertThat(unwrap(r, first, EcdhKeyWrap.Mode.RFC_3394)).isEqualTo(KEY_VALUE);
        assertThat(Arrays.copyOf(second, 1 + 2 * curve.fieldBytes()))
                .as("a fresh ephemeral point per wrap")
                .isNotEqualTo(Arrays.copyOf(first, 1 + 2 * curve.fieldBytes()));
        byte[] odd = HEX.parseHex("0102030405060708090a0b0c0d0e0f1011121314");
        assertThat(unwrap(r, wrap.wrap(odd, EcdhKeyWrap.Mode.RFC_5649, new SecureRandom()), EcdhKeyWrap.Mode.RFC_5649))
                .isEqualTo(odd);
    }

    @Test
    void aChangedCiphertextOrEphemeralPointFailsTheIntegrityCheck() throws Exception {
        Recipient r = recipient(EcdhCurve.P_384, BigInteger.valueOf(0x5eed5eedL));
        byte[] wrapped = EcdhKeyWrap.toRecipient(EcdhCurve.P_384, r.spki())
                .wrap(KEY_VALUE, EcdhKeyWrap.Mode.RFC_3394, new SecureRandom());
        byte[] tamperedCiphertext = wrapped.clone();
        tamperedCiphertext[wrapped.length - 3] ^= 0x40;
        assertThatThrownBy(() -> unwrap(r, tamperedCiphertext, EcdhKeyWrap.Mode.RFC_3394))
                .isInstanceOf(InvalidCipherTextException.class);
        byte[] otherPoint = concat(
                EcdhCurve.P_384.domain().getG().getEncoded(false), Arrays.copyOfRange(wrapped, 97, wrapped.length));
        assertThatThrownBy(() -> unwrap(r, otherPoint, EcdhKeyWrap.Mode.RFC_3394))
                .isInstanceOf(InvalidCipherTextException.class);
    }

    @Test
    void onlyP256AndP384AreAccepted() throws Exception {
        for (String curve : new String[] {"secp521r1", "secp256k1"}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
            g.initialize(new ECGenParameterSpec(curve));
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(
                    g.generateKeyPair().getPublic().getEncoded());
            assertThat(EcdhCurve.of(spki)).as(curve).isEmpty();
            assertThat(EcdhCurve.describe(spki)).isEqualTo(curve);
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        assertThat(EcdhCurve.of(SubjectPublicKeyInfo.getInstance(
                        g.generateKeyPair().getPublic().getEncoded())))
                .contains(EcdhCurve.P_384);
    }

    @Test
    void aPointOffTheCurveIsRefused() throws Exception {
        Recipient r = recipient(EcdhCurve.P_256, BigInteger.valueOf(7));
        byte[] point = r.spki().getPublicKeyData().getOctets();
        point[point.length - 1] ^= 1; // y no longer matches x
        SubjectPublicKeyInfo bad = new SubjectPublicKeyInfo(r.spki().getAlgorithm(), point);
        assertThatThrownBy(() -> EcdhKeyWrap.toRecipient(EcdhCurve.P_256, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid P-256 point");
    }

    @Test
    void rfc3394RefusesInputThatIsNotWholeSemiblocks() throws Exception {
        Recipient r = recipient(EcdhCurve.P_384, BigInteger.valueOf(11));
        EcdhKeyWrap wrap = EcdhKeyWrap.toRecipient(EcdhCurve.P_384, r.spki());
        assertThatThrownBy(() -> wrap.wrap(new byte[20], EcdhKeyWrap.Mode.RFC_3394, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EcdhKeyWrap.Mode.RFC_3394.accepts(24)).isTrue();
        assertThat(EcdhKeyWrap.Mode.RFC_5649.accepts(20)).isTrue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
