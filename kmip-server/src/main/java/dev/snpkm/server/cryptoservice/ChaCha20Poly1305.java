package dev.snpkm.server.cryptoservice;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.Pack;

/**
 * The ChaCha20-Poly1305 AEAD of RFC 8439 §2.8, built from Bouncy Castle's ChaCha20 and Poly1305 so that the tag may be
 * truncated: the OASIS Profiles' CS-BC-M-CHACHA20POLY1305-1 case decrypts with the first 12 bytes of the 16-byte tag,
 * which the JDK's and Bouncy Castle's AEAD ciphers refuse. A Decrypt holds the ciphertext back and releases no
 * plaintext until the tag (compared in constant time) matches.
 */
final class ChaCha20Poly1305 implements SymmetricCipher {
    private static final int BLOCK = 64;
    private static final int POLY_KEY = 32;
    private static final int FULL_TAG = 16;
    /** What a Decrypt stream may hold back before its tag arrives. */
    static final int MAX_HELD = 64 << 20;

    private final boolean encrypt;
    private final int tagLength;
    private final long aadLength;
    private final ChaCha7539Engine stream = new ChaCha7539Engine();
    private final Poly1305 mac = new Poly1305();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private long dataLength;

    ChaCha20Poly1305(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, int tagLength) {
        this.encrypt = encrypt;
        this.tagLength = tagLength;
        this.aadLength = aad.length;
        stream.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        // RFC 8439 §2.6: the one-time Poly1305 key is the first half of keystream block 0; the data uses blocks 1...
        byte[] block0 = new byte[BLOCK];
        stream.processBytes(block0, 0, BLOCK, block0, 0);
        mac.init(new KeyParameter(block0, 0, POLY_KEY));
        Arrays.fill(block0, (byte) 0);
        mac.update(aad, 0, aad.length);
        pad16(aad.length);
    }

    @Override
    public byte[] update(byte[] data) {
        if (!encrypt) {
            if (held.size() + (long) data.length > MAX_HELD) {
                throw ServiceRefusals.badParameters(
                        null,
                        "a ChaCha20Poly1305 Decrypt stream holds its data until the tag is verified; " + "more than "
                                + MAX_HELD + " bytes is refused");
            }
            held.write(data, 0, data.length);
            return new byte[0];
        }
        byte[] out = crypt(data);
        authenticate(out);
        return out;
    }

    @Override
    public byte[] doFinal(byte[] data) throws AEADBadTagException {
        if (encrypt) {
            byte[] last = update(data);
            byte[] tag = tag();
            byte[] out = Arrays.copyOf(last, last.length + tagLength);
            System.arraycopy(tag, 0, out, last.length, tagLength);
            return out;
        }
        held.write(data, 0, data.length);
        byte[] all = held.toByteArray();
        held.reset();
        if (all.length < tagLength) {
            throw new AEADBadTagException("the data is shorter than the tag");
        }
        byte[] ciphertext = Arrays.copyOf(all, all.length - tagLength);
        byte[] given = Arrays.copyOfRange(all, ciphertext.length, all.length);
        authenticate(ciphertext);
        byte[] expected = Arrays.copyOf(tag(), tagLength);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new AEADBadTagException("the tag does not match");
        }
        return crypt(ciphertext);
    }

    private byte[] crypt(byte[] in) {
        byte[] out = new byte[in.length];
        stream.processBytes(in, 0, in.length, out, 0);
        return out;
    }

    private void authenticate(byte[] ciphertext) {
        mac.update(ciphertext, 0, ciphertext.length);
        dataLength += ciphertext.length;
    }

    /** RFC 8439 §2.8: the padded data, then the lengths of the additional data and the ciphertext (little-endian). */
    private byte[] tag() {
        pad16(dataLength);
        byte[] lengths = new byte[FULL_TAG];
        Pack.longToLittleEndian(aadLength, lengths, 0);
        Pack.longToLittleEndian(dataLength, lengths, 8);
        mac.update(lengths, 0, lengths.length);
        byte[] tag = new byte[FULL_TAG];
        mac.doFinal(tag, 0);
        return tag;
    }

    private void pad16(long length) {
        int pad = (int) ((FULL_TAG - length % FULL_TAG) % FULL_TAG);
        mac.update(new byte[pad], 0, pad);
    }
}
