package dev.snpkm.client.attestation;

import dev.snpkm.kmip.wrap.EcdhKeyDerivation;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * A P-384 ephemeral key the key manager wraps the released key to with ephemeral-static ECDH + AES key wrap
 * (docs/KEY-WRAPPING.md "ECDH + AES key wrap"): the wrapped bytes are the server's ephemeral point (uncompressed SEC1,
 * 97 bytes) ‖ RFC 3394 ciphertext under the KEK {@link EcdhKeyDerivation} derives, as the key manager does. JDK only (SunEC, SunJCE):
 * this class runs in the guest's initramfs. Z, the KEK and the hash block are zeroed after use.
 */
public final class EcdhWrappingKey implements EphemeralWrappingKey {
    private static final int FIELD_BYTES = 48;
    private static final int POINT_BYTES = 1 + 2 * FIELD_BYTES;

    private final KeyPair pair;
    private final ECParameterSpec curve;

    EcdhWrappingKey(KeyPair pair) {
        if (!(pair.getPublic() instanceof ECPublicKey pub)
                || pub.getParams().getCurve().getField().getFieldSize() != FIELD_BYTES * 8) {
            throw new IllegalArgumentException("an ECDH wrapping key is a P-384 key pair");
        }
        this.pair = pair;
        this.curve = pub.getParams();
    }

    /** Generates a fresh P-384 pair (about a millisecond). */
    public static EcdhWrappingKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return new EcdhWrappingKey(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-384 key: " + e.getMessage(), e);
        }
    }

    @Override
    public ReleaseWrapping wrapping() {
        return ReleaseWrapping.ECDH_P384_AES_KW;
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    @Override
    public int cryptographicLength() {
        return FIELD_BYTES * 8;
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException {
        if (wrappedKey.length < POINT_BYTES + 24 || wrappedKey[0] != 0x04) {
            throw new GeneralSecurityException("an ECDH-wrapped key is an uncompressed P-384 point (97 bytes) "
                    + "followed by at least 24 bytes of AES key wrap; got " + wrappedKey.length + " bytes");
        }
        byte[] ephemeral = Arrays.copyOf(wrappedKey, POINT_BYTES);
        byte[] z = new byte[FIELD_BYTES];
        byte[] kek = null;
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(pair.getPrivate());
            ka.doPhase(ephemeralKey(ephemeral), true);
            ka.generateSecret(z, 0);
            kek = EcdhKeyDerivation.kek(z, ephemeral, uncompressed(((ECPublicKey) pair.getPublic()).getW()));
            return AesKeyUnwrap.unwrap(kek, Arrays.copyOfRange(wrappedKey, POINT_BYTES, wrappedKey.length));
        } finally {
            Arrays.fill(z, (byte) 0);
            if (kek != null) {
                Arrays.fill(kek, (byte) 0);
            }
        }
    }

    /** The server's point, checked to lie on P-384 (an off-curve point could leak bits of our scalar). */
    private PublicKey ephemeralKey(byte[] encoded) throws GeneralSecurityException {
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + FIELD_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + FIELD_BYTES, POINT_BYTES));
        BigInteger p = ((ECFieldFp) curve.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3)
                .add(curve.getCurve().getA().multiply(x))
                .add(curve.getCurve().getB())
                .mod(p);
        if (x.compareTo(p) >= 0
                || y.compareTo(p) >= 0
                || !y.modPow(BigInteger.TWO, p).equals(rhs)) {
            throw new InvalidKeyException("the key manager's ephemeral point is not on P-384");
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve));
    }

    /** SEC1 uncompressed: 04 ‖ X ‖ Y, each coordinate left-padded to the field size. */
    static byte[] uncompressed(ECPoint w) {
        byte[] out = new byte[POINT_BYTES];
        out[0] = 0x04;
        putFixed(w.getAffineX(), out, 1);
        putFixed(w.getAffineY(), out, 1 + FIELD_BYTES);
        return out;
    }

    private static void putFixed(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, FIELD_BYTES); // drops toByteArray's sign byte
        System.arraycopy(b, b.length - n, out, offset + FIELD_BYTES - n, n);
    }
}
