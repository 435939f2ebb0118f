package dev.snpkm.appliance.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Encrypts backups under a key derived from the master key: HKDF-SHA256(ikm = master key, salt = 32 random bytes per
 * backup, info), then AES-256-GCM. A separate derived key keeps backup ciphertexts from ever being valid material
 * envelopes (and vice versa).
 *
 * <p>Backups are written as format 2, a stream of sealed chunks ({@link SealedStream}, {@link #sealing},
 * {@link #opening}). Format 1, one GCM message over the whole archive, is still restored ({@link #open}): magic
 * "SNPKMBK1" (8) ‖ salt (32) ‖ nonce (12) ‖ ciphertext ‖ tag (16), info "snpkm-backup-v1", the magic and salt the
 * GCM associated data, so a flipped bit, a truncation or another appliance's master key all fail the same way.
 */
public final class BackupCipher {
    static final byte[] MAGIC = "SNPKMBK1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "snpkm-backup-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT = 32;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final byte[] masterKey;
    private final SecureRandom random = new SecureRandom();

    /** Copies the master key bytes; the caller zeroes its own copy. */
    public BackupCipher(byte[] masterKey) {
        this.masterKey = masterKey.clone();
    }

    /** Format 1, as appliances before the streamed backup wrote it (only tests make these now). */
    byte[] seal(byte[] plaintext) throws GeneralSecurityException {
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[NONCE];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] header = header(salt);
        Cipher gcm = cipher(Cipher.ENCRYPT_MODE, salt, nonce);
        gcm.updateAAD(header);
        byte[] sealed = gcm.doFinal(plaintext);
        return ByteBuffer.allocate(header.length + NONCE + sealed.length)
                .put(header)
                .put(nonce)
                .put(sealed)
                .array();
    }

    /** @throws AEADBadTagException when the file is not an authentic backup made under this master key */
    public byte[] open(byte[] file) throws GeneralSecurityException {
        if (file.length < MAGIC.length + SALT + NONCE + TAG_BITS / 8
                || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw new AEADBadTagException("not an snpkm backup (bad header or too short)");
        }
        byte[] salt = Arrays.copyOfRange(file, MAGIC.length, MAGIC.length + SALT);
        byte[] nonce = Arrays.copyOfRange(file, MAGIC.length + SALT, MAGIC.length + SALT + NONCE);
        Cipher gcm = cipher(Cipher.DECRYPT_MODE, salt, nonce);
        gcm.updateAAD(header(salt));
        int offset = MAGIC.length + SALT + NONCE;
        return gcm.doFinal(file, offset, file.length - offset);
    }

    /** A format 2 stream on {@code out}: its header now, then what is written, sealed a chunk at a time. */
    public SealedStream.Writer sealing(OutputStream out) throws IOException {
        return new SealedStream.Writer(this, out, random);
    }

    /** The plaintext of the format 2 stream {@code in} (at the file's start), each chunk authenticated first. */
    public SealedStream.Reader opening(InputStream in) throws IOException {
        return new SealedStream.Reader(this, in);
    }

    /** HKDF-SHA256 of the master key: a 32-byte AES key the caller zeroes. */
    byte[] derive(byte[] salt, byte[] info) {
        byte[] key = new byte[32];
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(masterKey, salt, info));
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    /** Zeroes this cipher's copy of the master key; it opens and seals nothing after. */
    public void destroy() {
        Arrays.fill(masterKey, (byte) 0);
    }

    private Cipher cipher(int mode, byte[] salt, byte[] nonce) throws GeneralSecurityException {
        byte[] key = derive(salt, INFO);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            return gcm;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] header(byte[] salt) {
        return ByteBuffer.allocate(MAGIC.length + salt.length)
                .put(MAGIC)
                .put(salt)
                .array();
    }
}
