package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
 * Method None or PKCS5), CTR, and GCM (NIST SP 800-38D; Tag Length in bytes, 12 to 16). An Encrypt without an
 * IV/Counter/Nonce gets a fresh random one, returned in the response; a Decrypt needs the one used to encrypt.
 */
public final class BlockCiphers {
    /** GCM tag lengths in bytes SP 800-38D allows for general use (§5.2.1.2: 128, 120, 112, 104 or 96 bits). */
    private static final int MIN_TAG = 12;

    private static final int MAX_TAG = 16;
    private static final int BLOCK = 16;
    private static final int GCM_DEFAULT_IV = 12;

    private static final Map<BlockCipherMode, String> MODES = Map.of(
            BlockCipherMode.ECB,
            "ECB",
            BlockCipherMode.CBC,
            "CBC",
            BlockCipherMode.CTR,
            "CTR",
            BlockCipherMode.GCM,
            "GCM");

    private BlockCiphers() {}

    /**
     * A cipher set up for one Encrypt or Decrypt (or one stream of them).
     *
     * @param generatedIv the IV the server chose, to return to the client; null when the client gave one
     * @param tagLength GCM's tag length in bytes, 0 for the other modes
     */
    public record Started(Cipher cipher, BlockCipherMode mode, byte @Nullable [] generatedIv, int tagLength) {
        public boolean isAuthenticated() {
            return mode == BlockCipherMode.GCM;
        }
    }

    /**
     * @param key the raw AES key (not kept: the JCA copies it)
     * @param iv the request's IV/Counter/Nonce, or null
     * @param aad GCM's Authenticated Encryption Additional Data, or null
     * @param decryptTagLength for a GCM Decrypt whose tag is at hand, its length; 0 to take it from the parameters
     */
    public static Started start(
            boolean encrypt,
            @Nullable EnumCode<CryptographicAlgorithm> keyAlgorithm,
            byte[] key,
            CryptographicParameters p,
            byte @Nullable [] iv,
            byte @Nullable [] aad,
            int decryptTagLength,
            SecureRandom random,
            KmipVersion v) {
        if (keyAlgorithm == null || !keyAlgorithm.is(CryptographicAlgorithm.AES)) {
            throw ServiceRefusals.badParameters(
                    v,
                    "Encrypt and Decrypt with a symmetric key support AES; the key's " + "Cryptographic Algorithm is "
                            + (keyAlgorithm == null ? "not set" : keyAlgorithm));
        }
        BlockCipherMode mode = p.blockCipherMode()
                .map(m -> m.known()
                        .filter(MODES::containsKey)
                        .orElseThrow(() -> ServiceRefusals.badParameters(
                                v, "Block Cipher Mode " + m + " is not supported; use ECB, CBC, " + "CTR or GCM")))
                .orElseThrow(() -> ServiceRefusals.badParameters(
                        v, "no Block Cipher Mode in the request or in the key's Cryptographic Parameters"));
        boolean pad = padding(p, mode, v);
        int tagLength = 0;
        byte[] generated = null;
        AlgorithmParameterSpec spec = null;
        if (mode != BlockCipherMode.ECB) {
            if (iv == null) {
                if (!encrypt) {
                    throw ServiceRefusals.missing("Decrypt in " + mode.specName()
                            + " needs the IV/Counter/Nonce the data was encrypted with");
                }
                generated = new byte[ivLength(p, mode, v)];
                random.nextBytes(generated);
                iv = generated;
            }
            if (mode == BlockCipherMode.GCM) {
                tagLength = decryptTagLength > 0 ? decryptTagLength : tagLength(p);
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
            SecretKeySpec k = new SecretKeySpec(key, "AES");
            c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, k, spec);
            if (aad != null) {
                if (mode != BlockCipherMode.GCM) {
                    throw ServiceRefusals.badParameters(
                            v, "Authenticated Encryption Additional Data needs an authenticated mode (GCM)");
                }
                c.updateAAD(aad);
            }
            return new Started(c, mode, generated, tagLength);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ServiceRefusals.badParameters(v, "cannot set up AES " + mode.specName() + ": " + e.getMessage());
        }
    }

    /** The tail of a stream or a single-shot: runs {@code doFinal}, mapping JCA failures to KMIP ones. */
    public static byte[] finish(Started s, byte[] data) {
        try {
            return s.cipher().doFinal(data);
        } catch (javax.crypto.AEADBadTagException e) {
            throw ServiceRefusals.cryptographicFailure("the Authenticated Encryption Tag does not match: the data, "
                    + "the additional data, the IV or the key differ from those it was made with");
        } catch (javax.crypto.BadPaddingException e) {
            throw ServiceRefusals.cryptographicFailure("the decrypted data is not correctly padded (wrong key or IV?)");
        } catch (javax.crypto.IllegalBlockSizeException e) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "without padding, " + s.mode().specName()
                            + " takes data in whole 16-byte blocks; use Padding Method PKCS5 or pad the data");
        }
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

    /** GCM's Tag Length (bytes, KMIP 1.4 §3.6), 16 when not given. */
    private static int tagLength(CryptographicParameters p) {
        int length =
                p.field(Tag.TAG_LENGTH).map(f -> ((Ttlv.IntegerItem) f).value()).orElse(MAX_TAG);
        if (length < MIN_TAG || length > MAX_TAG) {
            // The Profiles' GCM case (CS-BC-M-GCM-1) expects General Failure for a tag length out of range.
            throw new KmipOperationException(
                    ResultReason.GENERAL_FAILURE,
                    "Tag Length " + length + " is outside 12 to 16 bytes (NIST SP 800-38D)");
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
