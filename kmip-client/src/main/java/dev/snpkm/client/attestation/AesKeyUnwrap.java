package dev.snpkm.client.attestation;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 3394 AES key unwrap (KMIP Block Cipher Mode NISTKeyWrap), for a key released wrapped under a symmetric KEK,
 * e.g. the KEK an ECDH release derives ({@link EcdhWrappingKey}). The integrity check value is verified by the JDK;
 * a wrong KEK or tampered input fails.
 */
public final class AesKeyUnwrap {
    private AesKeyUnwrap() {}

    /**
     * @param kek 16, 24 or 32 bytes
     * @param wrapped the RFC 3394 output: the key length plus 8 bytes
     * @return the unwrapped key bytes; the caller zeroes them after use
     */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) throws GeneralSecurityException {
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            throw new GeneralSecurityException(
                    "RFC 3394 wrapped keys are a multiple of 8 bytes, at least 24; got " + wrapped.length);
        }
        // Decrypt rather than unwrap: the plaintext comes back once, in an array the caller can zero.
        Cipher c = Cipher.getInstance("AES/KW/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
        return c.doFinal(wrapped);
    }

    /** RFC 3394 wrap; the inverse, for tests and for a client that wraps a key it registers. */
    public static byte[] wrap(byte[] kek, byte[] keyBytes) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AESWrap");
        c.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
        return c.wrap(new SecretKeySpec(keyBytes, "AES"));
    }
}
