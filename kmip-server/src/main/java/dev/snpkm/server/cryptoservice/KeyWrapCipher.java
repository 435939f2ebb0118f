package dev.snpkm.server.cryptoservice;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * The JDK's AES KW/KWP cipher with its two failures told apart: data of a length the wrap cannot take (checked here,
 * IllegalBlockSizeException → Invalid Field) and a wrapped key failing its integrity check (which the JDK also
 * reports as IllegalBlockSizeException; here AEADBadTagException → Cryptographic Failure).
 */
final class KeyWrapCipher implements SymmetricCipher {
    private static final int SEMIBLOCK = 8;

    private final Cipher cipher;
    private final boolean encrypt;
    private final boolean padded;
    private long length;

    KeyWrapCipher(Cipher cipher, boolean encrypt, boolean padded) {
        this.cipher = cipher;
        this.encrypt = encrypt;
        this.padded = padded;
    }

    @Override
    public byte[] update(byte[] data) {
        length += data.length;
        byte[] out = cipher.update(data);
        return out == null ? new byte[0] : out;
    }

    @Override
    public byte[] doFinal(byte[] data) throws GeneralSecurityException {
        length += data.length;
        if (!fits()) {
            throw new IllegalBlockSizeException(length + " bytes");
        }
        try {
            return cipher.doFinal(data);
        } catch (IllegalBlockSizeException e) {
            if (encrypt) {
                throw e;
            }
            throw new AEADBadTagException("the key wrap integrity check failed");
        }
    }

    /** RFC 3394: plaintext of two or more semiblocks; RFC 5649: any non-empty plaintext, wrapped to 2+ semiblocks. */
    private boolean fits() {
        if (encrypt && padded) {
            return length > 0;
        }
        int min = encrypt || padded ? 2 * SEMIBLOCK : 3 * SEMIBLOCK;
        return length % SEMIBLOCK == 0 && length >= min;
    }
}
