package dev.snpkm.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A master key held in memory: AES-256-GCM, random 96-bit nonce per seal (NIST SP 800-38D §8.2.2; at 2^32 seals per
 * key the collision bound still holds, far beyond an appliance's key count), 128-bit tag.
 * Blob layout: nonce (12) ‖ ciphertext ‖ tag (16).
 */
public final class SoftwareMasterKey implements MasterKey {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /**
     * One AES-GCM Cipher per thread: Cipher.getInstance walks the provider list on every call, about a tenth of a
     * Get's time in the engine. Every use initialises it afresh with key and nonce, so nothing of one call reaches the
     * next; between calls it holds at most the key schedule of a master key, which its SoftwareMasterKey holds anyway.
     */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
        }
    });

    private final int version;
    private final SecretKeySpec key;
    private final SecureRandom random;

    /** Copies the 32 key bytes; the caller zeroes its own array. */
    public SoftwareMasterKey(int version, byte[] keyBytes) {
        if (version < 0 || version > 255) {
            throw new IllegalArgumentException("master key version must be 0-255, not " + version);
        }
        if (keyBytes == null || keyBytes.length != 32) {
            throw new IllegalArgumentException("master key must be 32 bytes (AES-256)");
        }
        this.version = version;
        byte[] copy = keyBytes.clone();
        try {
            this.key = new SecretKeySpec(copy, "AES"); // SecretKeySpec keeps its own copy
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
        this.random = new SecureRandom();
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher gcm = GCM.get();
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        gcm.updateAAD(associatedData);
        byte[] out = new byte[NONCE_BYTES + gcm.getOutputSize(plaintext.length)];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        // Writes straight into the blob, so no intermediate ciphertext copy is left behind.
        gcm.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
        return out;
    }

    @Override
    public byte[] open(byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new javax.crypto.AEADBadTagException("sealed blob too short");
        }
        Cipher gcm = GCM.get();
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        gcm.updateAAD(associatedData);
        return gcm.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    @Override
    public byte[] deriveKey(String label) throws GeneralSecurityException {
        byte[] raw = key.getEncoded();
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(raw, "HmacSHA256"));
            // K(1) = PRF(K_IN, [1]_32 || Label || 0x00 || Context (empty) || [L]_32), L = 256: one block is the key.
            hmac.update(new byte[] {0, 0, 0, 1});
            hmac.update(label.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            hmac.update(new byte[] {0, 0, 1, 0});
            return hmac.doFinal();
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "SoftwareMasterKey[version=" + version + "]";
    }
}
