package dev.snpkm.server.cryptoservice;

import java.security.GeneralSecurityException;

/**
 * Counts what a cipher holds back: the bytes given to {@link #update} and not yet returned. An AES-GCM or key-wrap
 * Decrypt holds all of them until the last part (the JDK verifies the tag first), a ChaCha20-Poly1305 Decrypt too; a
 * block mode at most a block. {@link ServiceStreams} bounds open streams by it.
 */
final class HeldCountingCipher implements SymmetricCipher {
    private final SymmetricCipher cipher;
    private long held;

    HeldCountingCipher(SymmetricCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public byte[] update(byte[] data) {
        byte[] out = cipher.update(data);
        held = Math.max(0, held + data.length - out.length);
        return out;
    }

    @Override
    public byte[] doFinal(byte[] data) throws GeneralSecurityException {
        held = 0;
        return cipher.doFinal(data);
    }

    @Override
    public long held() {
        return held;
    }
}
