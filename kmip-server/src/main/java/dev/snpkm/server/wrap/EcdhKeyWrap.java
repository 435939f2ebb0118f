package dev.snpkm.server.wrap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.engines.AESWrapPadEngine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.BigIntegers;

/**
 * Ephemeral-static ECDH key wrapping to a recipient's EC public key (docs/KEY-WRAPPING.md "ECDH + AES key wrap"):
 * a fresh key pair on the recipient's curve per wrap; Z = the x-coordinate of the shared point; KEK = the first 32
 * bytes of SHA-384(00000001 ‖ Z ‖ FixedInfo) (NIST SP 800-56C rev2 §4.1 one-step KDF, one block since 32 ≤ 48);
 * FixedInfo = len‖{@link #ALGORITHM_ID} ‖ len‖ephemeral point ‖ len‖recipient point ‖ 00000100 (SP 800-56A rev3
 * §5.8.2.1.1, 4-byte big-endian lengths, points uncompressed SEC1); then AES-256 key wrap (RFC 3394) or key wrap with
 * padding (RFC 5649). Output: the ephemeral point (uncompressed SEC1) ‖ the AES-KW ciphertext.
 *
 * <p>Guarantee: only the holder of the recipient's private key can recover the input, and the key wrap's integrity
 * check rejects any change to the ephemeral point or the ciphertext. It does not authenticate the sender (anyone can
 * wrap to a public key): the TLS session does. Z, the KEK and the buffers holding them are zeroed; the ephemeral
 * private scalar is a BigInteger, which Java cannot wipe, and becomes garbage once the wrap returns.
 */
public final class EcdhKeyWrap {
    /** The algorithm label in FixedInfo: ASCII, no terminator. */
    public static final String ALGORITHM_ID = "KMIP-SNP-ECDH-A256KW-v1";
    static final int KEK_BYTES = 32;
    private static final byte[] ALGORITHM_ID_BYTES = ALGORITHM_ID.getBytes(StandardCharsets.US_ASCII);

    /** The AES key wrap applied under the derived KEK. */
    public enum Mode {
        /** RFC 3394 (KMIP Block Cipher Mode NISTKeyWrap): input a multiple of 8 bytes, at least 16. */
        RFC_3394,
        /** RFC 5649 (KMIP Block Cipher Mode AESKeyWrapPadding): any input of at least 1 byte. */
        RFC_5649;

        Wrapper engine() {
            return this == RFC_3394 ? new AESWrapEngine() : new AESWrapPadEngine();
        }

        /** Whether this mode can wrap an input of {@code length} bytes. */
        public boolean accepts(int length) {
            return this == RFC_3394 ? length >= 16 && length % 8 == 0 : length >= 1;
        }
    }

    private final EcdhCurve curve;
    private final ECPublicKeyParameters recipient;

    private EcdhKeyWrap(EcdhCurve curve, ECPublicKeyParameters recipient) {
        this.curve = curve;
        this.recipient = recipient;
    }

    /**
     * @param curve the curve {@link EcdhCurve#of(SubjectPublicKeyInfo)} found for {@code spki}
     * @throws IllegalArgumentException the SPKI's point is not a valid point of {@code curve}
     */
    public static EcdhKeyWrap toRecipient(EcdhCurve curve, SubjectPublicKeyInfo spki) {
        byte[] encoded = spki.getPublicKeyData().getOctets();
        try {
            // decodePoint checks the point lies on the curve; the parameters refuse the point at infinity.
            return new EcdhKeyWrap(curve, new ECPublicKeyParameters(curve.domain().getCurve().decodePoint(encoded),
                    curve.domain()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the wrapping key's point is not a valid " + curve + " point");
        }
    }

    public EcdhCurve curve() {
        return curve;
    }

    /** Wraps {@code input} (unchanged; the caller zeroes it) under a fresh ephemeral key. */
    public byte[] wrap(byte[] input, Mode mode, SecureRandom random) {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(curve.domain(), random));
        return wrap(input, mode, g.generateKeyPair());
    }

    /** As {@link #wrap(byte[], Mode, SecureRandom)} with a given ephemeral pair: known-answer tests. */
    byte[] wrap(byte[] input, Mode mode, AsymmetricCipherKeyPair ephemeral) {
        if (!mode.accepts(input.length)) {
            throw new IllegalArgumentException(mode + " cannot wrap " + input.length + " bytes");
        }
        byte[] ephemeralPoint = ((ECPublicKeyParameters) ephemeral.getPublic()).getQ().getEncoded(false);
        byte[] z = sharedSecret((ECPrivateKeyParameters) ephemeral.getPrivate());
        byte[] kek = kek(z, fixedInfo(ephemeralPoint, recipient.getQ().getEncoded(false)));
        KeyParameter kekParameter = new KeyParameter(kek);
        Arrays.fill(z, (byte) 0);
        Arrays.fill(kek, (byte) 0);
        try {
            Wrapper w = mode.engine();
            w.init(true, kekParameter);
            byte[] ciphertext = w.wrap(input, 0, input.length);
            byte[] out = Arrays.copyOf(ephemeralPoint, ephemeralPoint.length + ciphertext.length);
            System.arraycopy(ciphertext, 0, out, ephemeralPoint.length, ciphertext.length);
            return out;
        } finally {
            Arrays.fill(kekParameter.getKey(), (byte) 0); // getKey() is the parameter's own copy
        }
    }

    private byte[] sharedSecret(ECPrivateKeyParameters ephemeral) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(ephemeral);
        return BigIntegers.asUnsignedByteArray(curve.fieldBytes(), agreement.calculateAgreement(recipient));
    }

    /** SP 800-56C rev2 §4.1, H = SHA-384, counter 1 only: the 32-byte KEK is shorter than one SHA-384 output. */
    static byte[] kek(byte[] z, byte[] fixedInfo) {
        SHA384Digest h = new SHA384Digest();
        byte[] block = new byte[h.getDigestSize()];
        h.update(new byte[] {0, 0, 0, 1}, 0, 4);
        h.update(z, 0, z.length);
        h.update(fixedInfo, 0, fixedInfo.length);
        h.doFinal(block, 0); // also resets the digest's buffers
        byte[] kek = Arrays.copyOf(block, KEK_BYTES);
        Arrays.fill(block, (byte) 0);
        return kek;
    }

    /** AlgorithmID ‖ PartyUInfo (ephemeral point) ‖ PartyVInfo (recipient point) ‖ SuppPubInfo (KEK bits). */
    static byte[] fixedInfo(byte[] ephemeralPoint, byte[] recipientPoint) {
        byte[][] fields = {ALGORITHM_ID_BYTES, ephemeralPoint, recipientPoint};
        int n = 4;
        for (byte[] f : fields) {
            n += 4 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] f : fields) {
            b.putInt(f.length).put(f);
        }
        return b.putInt(KEK_BYTES * 8).array();
    }
}
