package dev.snpkm.client.attestation;

import dev.snpkm.kmip.wrap.EcdhKeyDerivation;
import dev.snpkm.kmip.wrap.EcdhWrapCurve;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
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
import java.util.Optional;
import javax.crypto.KeyAgreement;

/**
 * An ephemeral P-256 or P-384 key the key manager wraps the released key to with ephemeral-static ECDH + AES key wrap
 * (docs/KEY-WRAPPING.md "ECDH + AES key wrap"): the wrapped bytes are the server's ephemeral point on the same curve
 * (uncompressed SEC1, 65 or 97 bytes) ‖ RFC 3394 ciphertext under the KEK {@link EcdhKeyDerivation} derives, as the
 * key manager does. JDK only (SunEC, SunJCE): this class runs in the guest's initramfs. Z, the KEK and the hash block
 * are zeroed after use.
 */
public final class EcdhWrappingKey implements EphemeralWrappingKey {

    /** The curves the key manager wraps to, with what this class needs of each. */
    public enum Curve {
        P_256(EcdhWrapCurve.P_256, ReleaseWrapping.ECDH_P256_AES_KW),
        P_384(EcdhWrapCurve.P_384, ReleaseWrapping.ECDH_P384_AES_KW);

        private final EcdhWrapCurve facts;
        private final ReleaseWrapping wrapping;

        Curve(EcdhWrapCurve facts, ReleaseWrapping wrapping) {
            this.facts = facts;
            this.wrapping = wrapping;
        }

        int fieldBytes() {
            return facts.fieldBytes();
        }

        int pointBytes() {
            return facts.pointBytes();
        }

        ECParameterSpec parameters() throws GeneralSecurityException {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(facts.secName()));
            return p.getParameterSpec(ECParameterSpec.class);
        }

        /** The curve {@code spec} is: the same prime field, coefficients, base point and order. */
        static Optional<Curve> of(ECParameterSpec spec) {
            for (Curve c : values()) {
                try {
                    ECParameterSpec named = c.parameters();
                    if (spec.getCurve().equals(named.getCurve())
                            && spec.getGenerator().equals(named.getGenerator())
                            && spec.getOrder().equals(named.getOrder())) {
                        return Optional.of(c);
                    }
                } catch (GeneralSecurityException e) {
                    // This runtime does not know the curve, so no key of ours is on it.
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return facts.toString();
        }
    }

    private final KeyPair pair;
    private final Curve curve;
    private final ECParameterSpec parameters;

    /** A pair from elsewhere (tests): its curve is found from its parameters. */
    EcdhWrappingKey(KeyPair pair) {
        this(pair, curveOf(pair));
    }

    /** A pair generated on {@code curve}: nothing to look up. */
    private EcdhWrappingKey(KeyPair pair, Curve curve) {
        this.pair = pair;
        this.curve = curve;
        this.parameters = ((ECPublicKey) pair.getPublic()).getParams();
    }

    private static Curve curveOf(KeyPair pair) {
        if (pair.getPublic() instanceof ECPublicKey pub) {
            Optional<Curve> curve = Curve.of(pub.getParams());
            if (curve.isPresent()) {
                return curve.get();
            }
        }
        throw new IllegalArgumentException("an ECDH wrapping key is a P-256 or P-384 key pair");
    }

    /** Generates a fresh pair on {@code curve} (SunEC, warm: ~0.6 ms for P-256, ~1.8 ms for P-384). */
    public static EcdhWrappingKey generate(Curve curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve.facts.secName()));
            return new EcdhWrappingKey(g.generateKeyPair(), curve);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + curve + " key: " + e.getMessage(), e);
        }
    }

    public Curve curve() {
        return curve;
    }

    @Override
    public ReleaseWrapping wrapping() {
        return curve.wrapping;
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    @Override
    public int cryptographicLength() {
        return curve.fieldBytes() * 8;
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException {
        int pointBytes = curve.pointBytes();
        if (wrappedKey.length < pointBytes + 24 || wrappedKey[0] != 0x04) {
            throw new GeneralSecurityException("an ECDH-wrapped key is an uncompressed " + curve + " point ("
                    + pointBytes + " bytes) followed by at least 24 bytes of AES key wrap; got " + wrappedKey.length
                    + " bytes");
        }
        byte[] ephemeral = Arrays.copyOf(wrappedKey, pointBytes);
        byte[] z = new byte[curve.fieldBytes()];
        byte[] kek = null;
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(pair.getPrivate());
            ka.doPhase(ephemeralKey(ephemeral), true);
            ka.generateSecret(z, 0);
            kek = EcdhKeyDerivation.kek(z, ephemeral, uncompressed(((ECPublicKey) pair.getPublic()).getW(), curve));
            return AesKeyUnwrap.unwrap(kek, Arrays.copyOfRange(wrappedKey, pointBytes, wrappedKey.length));
        } finally {
            Arrays.fill(z, (byte) 0);
            if (kek != null) {
                Arrays.fill(kek, (byte) 0);
            }
        }
    }

    /** The server's point, checked to lie on our curve (an off-curve point could leak bits of our scalar). */
    private PublicKey ephemeralKey(byte[] encoded) throws GeneralSecurityException {
        int fieldBytes = curve.fieldBytes();
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + fieldBytes));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + fieldBytes, curve.pointBytes()));
        BigInteger p = ((ECFieldFp) parameters.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3)
                .add(parameters.getCurve().getA().multiply(x))
                .add(parameters.getCurve().getB())
                .mod(p);
        if (x.compareTo(p) >= 0
                || y.compareTo(p) >= 0
                || !y.modPow(BigInteger.TWO, p).equals(rhs)) {
            throw new InvalidKeyException("the key manager's ephemeral point is not on " + curve);
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), parameters));
    }

    /** SEC1 uncompressed: 04 ‖ X ‖ Y, each coordinate left-padded to the curve's field size. */
    static byte[] uncompressed(ECPoint w, Curve curve) {
        int fieldBytes = curve.fieldBytes();
        byte[] out = new byte[curve.pointBytes()];
        out[0] = 0x04;
        putFixed(w.getAffineX(), out, 1, fieldBytes);
        putFixed(w.getAffineY(), out, 1 + fieldBytes, fieldBytes);
        return out;
    }

    private static void putFixed(BigInteger v, byte[] out, int offset, int fieldBytes) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, fieldBytes); // drops toByteArray's sign byte
        System.arraycopy(b, b.length - n, out, offset + fieldBytes - n, n);
    }
}
