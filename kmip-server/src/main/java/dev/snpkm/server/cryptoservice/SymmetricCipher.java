package dev.snpkm.server.cryptoservice;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * One Encrypt or Decrypt in progress with a symmetric key, single-shot or in parts: a JCA {@link Cipher} for AES and
 * ChaCha20, {@link ChaCha20Poly1305} for the AEAD whose tag the Profiles also truncate.
 */
public interface SymmetricCipher {
    /** The output for one more part of the data (possibly empty: an AEAD Decrypt holds plaintext back). */
    byte[] update(byte[] data);

    /** The output for the last part; an AEAD Encrypt appends its tag, an AEAD Decrypt takes it at the end of data. */
    byte[] doFinal(byte[] data) throws GeneralSecurityException;

    /** The bytes this cipher holds back until its last part (0 unless it counts them). */
    default long held() {
        return 0;
    }

    static SymmetricCipher of(Cipher c) {
        return new SymmetricCipher() {
            @Override
            public byte[] update(byte[] data) {
                byte[] out = c.update(data);
                return out == null ? new byte[0] : out;
            }

            @Override
            public byte[] doFinal(byte[] data) throws GeneralSecurityException {
                return c.doFinal(data);
            }
        };
    }
}
