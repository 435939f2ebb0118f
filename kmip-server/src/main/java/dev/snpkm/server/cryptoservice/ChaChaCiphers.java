package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.registry.KmipVersion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * ChaCha20 (KMIP 2.0 Cryptographic Algorithm ChaCha20) and ChaCha20-Poly1305 (RFC 8439; Block Cipher Mode AEAD or
 * none). A ChaCha20 IV/Counter/Nonce may be the 8-byte nonce of the original ChaCha20 (block counter from 0, as the
 * Profiles' CS-BC-M-CHACHA20 cases use it), RFC 8439's 12-byte nonce (counter from 0), or 16 bytes: a little-endian
 * 32-bit initial counter then the 12-byte nonce. ChaCha20-Poly1305 takes a 12-byte nonce and a tag of 12 to 16 bytes.
 */
final class ChaChaCiphers {
    private static final int NONCE = 12;
    private static final int KEY = 32;

    /** IV/Counter/Nonce length → bytes of zero counter put before it to make the 16-byte counter-and-nonce block. */
    private static final Map<Integer, Integer> CHACHA20_IV_PREFIX = Map.of(8, 8, 12, 4, 16, 0);

    private ChaChaCiphers() {}

    static SymmetricCiphers.Started chaCha20(CipherRequest r) {
        KmipVersion v = r.version();
        if (r.parameters().blockCipherMode().isPresent() || r.aad() != null) {
            throw ServiceRefusals.badParameters(
                    v, "ChaCha20 is a stream cipher: it takes no Block Cipher Mode and no additional data");
        }
        checkKey(r.key(), "ChaCha20", v);
        byte[] given = r.iv();
        byte[] iv = given != null ? given : freshIv(r, "ChaCha20");
        byte @Nullable [] generated = given == null ? iv : null;
        Integer prefix = CHACHA20_IV_PREFIX.get(iv.length);
        if (prefix == null) {
            throw ServiceRefusals.badParameters(
                    v, "a ChaCha20 IV/Counter/Nonce is 8, 12 or 16 bytes, got " + iv.length);
        }
        byte[] block = new byte[16];
        System.arraycopy(iv, 0, block, prefix, iv.length);
        int counter =
                ByteBuffer.wrap(block, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        try {
            Cipher c = Cipher.getInstance("ChaCha20");
            c.init(
                    r.encrypt() ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                    new SecretKeySpec(r.key(), "ChaCha20"),
                    new ChaCha20ParameterSpec(Arrays.copyOfRange(block, 4, 16), counter));
            return new SymmetricCiphers.Started(SymmetricCipher.of(c), "ChaCha20", generated, 0);
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.badParameters(v, "cannot set up ChaCha20: " + e.getMessage());
        }
    }

    static SymmetricCiphers.Started chaCha20Poly1305(CipherRequest r) {
        KmipVersion v = r.version();
        CryptographicParameters p = r.parameters();
        if (p.blockCipherMode().isPresent() && !p.blockCipherMode().get().is(BlockCipherMode.AEAD)) {
            throw ServiceRefusals.badParameters(
                    v,
                    "ChaCha20Poly1305 takes Block Cipher Mode AEAD (or none), not "
                            + p.blockCipherMode().get());
        }
        checkKey(r.key(), "ChaCha20Poly1305", v);
        byte[] given = r.iv();
        byte[] nonce = given != null ? given : freshIv(r, "ChaCha20Poly1305");
        byte @Nullable [] generated = given == null ? nonce : null;
        if (nonce.length != NONCE) {
            throw ServiceRefusals.badParameters(
                    v, "a ChaCha20Poly1305 nonce is 12 bytes (RFC 8439), got " + nonce.length);
        }
        int tagLength = r.decryptTagLength() > 0
                ? BlockCiphers.checkTagLength(r.decryptTagLength())
                : BlockCiphers.tagLength(p);
        byte[] aad = r.aad() == null ? new byte[0] : r.aad();
        return new SymmetricCiphers.Started(
                new ChaCha20Poly1305(r.encrypt(), r.key(), nonce, aad, tagLength),
                "ChaCha20Poly1305",
                generated,
                tagLength);
    }

    private static void checkKey(byte[] key, String algorithm, KmipVersion v) {
        if (key.length != KEY) {
            throw ServiceRefusals.badParameters(
                    v, algorithm + " takes a 256-bit key, this one has " + key.length * 8 + " bits");
        }
    }

    /** A fresh 12-byte nonce for an Encrypt without one (a Decrypt without one is refused). */
    private static byte[] freshIv(CipherRequest r, String algorithm) {
        if (!r.encrypt()) {
            throw ServiceRefusals.missing(
                    "Decrypt with " + algorithm + " needs the IV/Counter/Nonce the data was encrypted with");
        }
        byte[] nonce = new byte[NONCE];
        r.random().nextBytes(nonce);
        return nonce;
    }
}
