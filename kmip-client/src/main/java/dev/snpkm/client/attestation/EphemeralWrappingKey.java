package dev.snpkm.client.attestation;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A one-boot RSA-3072 key pair the key manager wraps the released key to (RSA-OAEP with SHA-256, KMIP Key Wrapping
 * Specification). The private key never leaves this object; its SPKI digest goes into REPORT_DATA.
 *
 * <p>The JDK cannot destroy an RSA private key in place, so the pair lives only as long as the unlock run; callers
 * drop the object as soon as the key is unwrapped.
 */
public final class EphemeralWrappingKey {
    /** RSA-OAEP with SHA-256 for both the label digest and MGF1: the JDK default MGF1 digest is SHA-1. */
    static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);
    static final String OAEP = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

    private final KeyPair pair;

    private EphemeralWrappingKey(KeyPair pair) {
        this.pair = pair;
    }

    /** Generates a fresh RSA-3072 pair (e = 65537). */
    public static EphemeralWrappingKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), new SecureRandom());
            return new EphemeralWrappingKey(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA-3072 key: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** The DER SubjectPublicKeyInfo, as registered with the key manager and hashed into REPORT_DATA. */
    public byte[] subjectPublicKeyInfo() {
        return pair.getPublic().getEncoded();
    }

    /** Recovers the key material the server wrapped with RSA-OAEP-SHA256 to {@link #publicKey()}. */
    public byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(OAEP);
        c.init(Cipher.DECRYPT_MODE, pair.getPrivate(), OAEP_SHA256);
        return c.doFinal(wrappedKey);
    }
}
