package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AES Encrypt and Decrypt in the modes KMIP names (Block Cipher Mode, KMIP 1.4 §9.1.3.2.14): ECB and CBC (Padding
 * Method None or PKCS5), CTR, GCM (NIST SP 800-38D; Tag Length in bytes, 12 to 16), and the key wraps NISTKeyWrap
 * (RFC 3394, NIST SP 800-38F KW) and AESKeyWrapPadding (RFC 5649, SP 800-38F KWP). An Encrypt without an
 * IV/Counter/Nonce gets a fresh random one, returned in the response; a Decrypt needs the one used to encrypt.
 */
public final class BlockCiphers {
    /** GCM tag lengths in bytes SP 800-38D allows for general use (§5.2.1.2: 128, 120, 112, 104 or 96 bits). */
    private static final int MIN_TAG = 12;

    private static final int MAX_TAG = 16;
    private static final int BLOCK = 16;
    private static final int GCM_DEFAULT_IV = 12;

    private static final Map<BlockCipherMode, String> MODES = Map.of(
            BlockCipherMode.ECB, "ECB",
            BlockCipherMode.CBC, "CBC",
            BlockCipherMode.CTR, "CTR",
            BlockCipherMode.GCM, "GCM",
            BlockCipherMode.NIST_KEY_WRAP, "KW",
            BlockCipherMode.AES_KEY_WRAP_PADDING, "KWP");

    /**
     * The key wraps' optional alternative initial value: RFC 3394 §2.2.3.2 (8 bytes) and RFC 5649 §3 (its 4-byte
     * Alternative Initial Value prefix); without one, the RFCs' default.
     */
    private static final Map<BlockCipherMode, Integer> KEY_WRAP_IV = Map.of(
            BlockCipherMode.NIST_KEY_WRAP, 8,
            BlockCipherMode.AES_KEY_WRAP_PADDING, 4);

    private BlockCiphers() {}

    /** Starts AES for the request (the key's algorithm checked by {@link SymmetricCiphers}). */
    static SymmetricCiphers.Started start(CipherRequest r) {
        CryptographicParameters p = r.parameters();
        KmipVersion v = r.version();
        boolean encrypt = r.encrypt();
        byte[] iv = r.iv();
        BlockCipherMode mode = p.blockCipherMode()
                .map(m -> m.known()
                        .filter(MODES::containsKey)
                        .orElseThrow(() -> ServiceRefusals.badParameters(
                                v,
                                "Block Cipher Mode " + m + " is not supported; use ECB, CBC, CTR, GCM, "
                                        + "NISTKeyWrap or AESKeyWrapPadding")))
                .orElseThrow(() -> ServiceRefusals.badParameters(
                        v, "no Block Cipher Mode in the request or in the key's Cryptographic Parameters"));
        boolean pad = padding(p, mode, v);
        int tagLength = 0;
        byte[] generated = null;
        AlgorithmParameterSpec spec = null;
        if (KEY_WRAP_IV.containsKey(mode)) {
            spec = keyWrapIv(mode, iv, v);
        } else if (mode != BlockCipherMode.ECB) {
            if (iv == null) {
                if (!encrypt) {
                    throw ServiceRefusals.missing("Decrypt in " + mode.specName()
                            + " needs the IV/Counter/Nonce the data was encrypted with");
                }
                generated = new byte[ivLength(p, mode, v)];
                r.random().nextBytes(generated);
                iv = generated;
            }
            if (mode == BlockCipherMode.GCM) {
                tagLength = r.decryptTagLength() > 0 ? r.decryptTagLength() : tagLength(p);
                if (iv.length == 0) {
                    throw ServiceRefusals.badParameters(v, "GCM needs a non-empty IV/Counter/Nonce");
                }
                spec = new GCMParameterSpec(tagLength * 8, iv);
            } else {
                if (iv.length != BLOCK) {
                    throw ServiceRefusals.badParameters(
                            v, mode.specName() + " needs a 16-byte IV/Counter/Nonce, got " + iv.length + " bytes");
                }
                spec = new IvParameterSpec(iv);
            }
        }
        try {
            Cipher c = Cipher.getInstance("AES/" + MODES.get(mode) + "/" + (pad ? "PKCS5Padding" : "NoPadding"));
            SecretKeySpec k = new SecretKeySpec(r.key(), "AES");
            c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, k, spec);
            byte[] aad = r.aad();
            if (aad != null) {
                if (mode != BlockCipherMode.GCM) {
                    throw ServiceRefusals.badParameters(
                            v, "Authenticated Encryption Additional Data needs an authenticated mode (GCM)");
                }
                c.updateAAD(aad);
            }
            SymmetricCipher cipher = KEY_WRAP_IV.containsKey(mode)
                    ? new KeyWrapCipher(c, encrypt, mode == BlockCipherMode.AES_KEY_WRAP_PADDING)
                    : SymmetricCipher.of(c);
            return new SymmetricCiphers.Started(cipher, mode.specName(), generated, tagLength);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ServiceRefusals.badParameters(v, "cannot set up AES " + mode.specName() + ": " + e.getMessage());
        }
    }

    private static @Nullable AlgorithmParameterSpec keyWrapIv(
            BlockCipherMode mode, byte @Nullable [] iv, KmipVersion v) {
        if (iv == null) {
            return null;
        }
        Integer length = KEY_WRAP_IV.get(mode);
        if (length == null) {
            throw new IllegalStateException(mode + " is not a key wrap mode");
        }
        if (iv.length != length) {
            throw ServiceRefusals.badParameters(
                    v,
                    mode.specName() + " takes no IV/Counter/Nonce or a " + length + "-byte alternative initial "
                            + "value, got " + iv.length + " bytes");
        }
        return new IvParameterSpec(iv);
    }

    private static boolean padding(CryptographicParameters p, BlockCipherMode mode, KmipVersion v) {
        Optional<EnumCode<PaddingMethod>> padding = p.paddingMethod();
        if (padding.isEmpty() || padding.get().is(PaddingMethod.NONE)) {
            return false;
        }
        if (padding.get().is(PaddingMethod.PKCS5) && (mode == BlockCipherMode.ECB || mode == BlockCipherMode.CBC)) {
            return true;
        }
        throw ServiceRefusals.badParameters(
                v,
                "Padding Method " + padding.get() + " is not supported with " + mode.specName()
                        + "; use PKCS5 (ECB, CBC) or None");
    }

    /** GCM's (and ChaCha20-Poly1305's) Tag Length (bytes, KMIP 1.4 §3.6), 16 when not given. */
    static int tagLength(CryptographicParameters p) {
        return checkTagLength(
                p.field(Tag.TAG_LENGTH).map(f -> ((Ttlv.IntegerItem) f).value()).orElse(MAX_TAG));
    }

    static int checkTagLength(int length) {
        if (length < MIN_TAG || length > MAX_TAG) {
            // The Profiles' GCM and ChaCha20-Poly1305 cases (CS-BC-M-GCM-1, CS-BC-M-CHACHA20POLY1305-1) expect
            // General Failure for a tag length out of range.
            throw new KmipOperationException(
                    ResultReason.GENERAL_FAILURE,
                    "Tag Length " + length + " is outside 12 to 16 bytes (NIST SP 800-38D, RFC 8439)");
        }
        return length;
    }

    /** The IV to generate: IV Length (bits, KMIP 1.4 §3.6) if given, else 12 bytes for GCM and 16 for CBC and CTR. */
    private static int ivLength(CryptographicParameters p, BlockCipherMode mode, KmipVersion v) {
        Optional<Integer> bits = p.field(Tag.IV_LENGTH).map(f -> ((Ttlv.IntegerItem) f).value());
        int bytes = bits.map(b -> b / 8).orElse(mode == BlockCipherMode.GCM ? GCM_DEFAULT_IV : BLOCK);
        if (bits.isPresent() && (bits.get() % 8 != 0 || bytes < 1 || bytes > 64)) {
            throw ServiceRefusals.badParameters(
                    v, "IV Length " + bits.get() + " bits is not a whole number of bytes " + "between 8 and 512 bits");
        }
        return bytes;
    }
}
