package dev.snpkm.server.wrap;

import dev.snpkm.kmip.wrap.EcdhKeyDerivation;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
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
 * a fresh key pair on the recipient's curve per wrap; Z = the x-coordinate of the shared point; the KEK from Z and
 * both points by {@link EcdhKeyDerivation} (shared with the client); then AES-256 key wrap (RFC 3394) or key wrap
 * with padding (RFC 5649). Output: the ephemeral point (uncompressed SEC1) ‖ the AES-KW ciphertext.
 *
 * <p>Guarantee: only the holder of the recipient's private key can recover the input, and the key wrap's integrity
 * check rejects any change to the ephemeral point or the ciphertext. It does not authenticate the sender (anyone can
 * wrap to a public key): the TLS session does. Z, the KEK and the buffers holding them are zeroed; the ephemeral
 * private scalar is a BigInteger, which Java cannot wipe, and becomes garbage once the wrap returns.
 */
public final class EcdhKeyWrap {
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
            return new EcdhKeyWrap(
                    curve, new ECPublicKeyParameters(curve.domain().getCurve().decodePoint(encoded), curve.domain()));
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
        byte[] ephemeralPoint =
                ((ECPublicKeyParameters) ephemeral.getPublic()).getQ().getEncoded(false);
        byte[] z = sharedSecret((ECPrivateKeyParameters) ephemeral.getPrivate());
        byte[] kek = EcdhKeyDerivation.kek(z, ephemeralPoint, recipient.getQ().getEncoded(false));
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
}
