package dev.snpkm.client.attestation;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * An RSA-3072 ephemeral key the key manager wraps the released key to with RSA-OAEP (SHA-256 for the label digest and
 * MGF1; docs/KEY-WRAPPING.md "RSA-OAEP-SHA256"). Key generation takes ~100-500 ms, which is why ECDH is the default.
 */
public final class RsaWrappingKey implements EphemeralWrappingKey {
    /** RSA-OAEP with SHA-256 for both the label digest and MGF1: the JDK default MGF1 digest is SHA-1. */
    static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    static final String OAEP = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

    private final KeyPair pair;

    private RsaWrappingKey(KeyPair pair) {
        this.pair = pair;
    }

    /** Generates a fresh RSA-3072 pair (e = 65537). */
    public static RsaWrappingKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), new SecureRandom());
            return new RsaWrappingKey(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA-3072 key: " + e.getMessage(), e);
        }
    }

    @Override
    public ReleaseWrapping wrapping() {
        return ReleaseWrapping.RSA_OAEP_SHA256;
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    @Override
    public int cryptographicLength() {
        return ((RSAPublicKey) pair.getPublic()).getModulus().bitLength();
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(OAEP);
        c.init(Cipher.DECRYPT_MODE, pair.getPrivate(), OAEP_SHA256);
        return c.doFinal(wrappedKey);
    }
}
