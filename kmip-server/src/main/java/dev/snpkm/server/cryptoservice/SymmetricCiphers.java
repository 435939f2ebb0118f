package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Encrypt and Decrypt with a Symmetric Key, by the key's Cryptographic Algorithm: AES in the KMIP Block Cipher Modes
 * ({@link BlockCiphers}), ChaCha20 and ChaCha20-Poly1305 ({@link ChaChaCiphers}).
 */
public final class SymmetricCiphers {
    private static final Map<CryptographicAlgorithm, Function<CipherRequest, Started>> BY_ALGORITHM = Map.of(
            CryptographicAlgorithm.AES, BlockCiphers::start,
            CryptographicAlgorithm.CHACHA20, ChaChaCiphers::chaCha20,
            CryptographicAlgorithm.CHACHA20POLY1305, ChaChaCiphers::chaCha20Poly1305);

    private SymmetricCiphers() {}

    /**
     * A cipher set up for one Encrypt or Decrypt (or one stream of them).
     *
     * @param modeName the mode, for messages
     * @param generatedIv the IV the server chose, to return to the client; null when the client gave one
     * @param tagLength the Authenticated Encryption Tag's length in bytes, 0 for an unauthenticated mode
     */
    public record Started(SymmetricCipher cipher, String modeName, byte @Nullable [] generatedIv, int tagLength) {
        /** The bytes the cipher holds back until the last part, which bound an open stream. */
        public long held() {
            return cipher.held();
        }

        /** Whether the output carries an Authenticated Encryption Tag (GCM, ChaCha20-Poly1305). */
        public boolean isAuthenticated() {
            return tagLength > 0;
        }
    }

    public static Started start(@Nullable EnumCode<CryptographicAlgorithm> keyAlgorithm, CipherRequest request) {
        Function<CipherRequest, Started> starter = keyAlgorithm == null
                ? null
                : keyAlgorithm.known().map(BY_ALGORITHM::get).orElse(null);
        if (starter == null) {
            throw ServiceRefusals.badParameters(
                    request.version(),
                    "Encrypt and Decrypt with a symmetric key support AES, ChaCha20 and ChaCha20Poly1305; the key's "
                            + "Cryptographic Algorithm is " + (keyAlgorithm == null ? "not set" : keyAlgorithm));
        }
        Started s = starter.apply(request);
        return new Started(new HeldCountingCipher(s.cipher()), s.modeName(), s.generatedIv(), s.tagLength());
    }

    /** The tail of a stream or a single-shot: runs {@code doFinal}, mapping JCA failures to KMIP ones. */
    public static byte[] finish(Started s, byte[] data) {
        try {
            return s.cipher().doFinal(data);
        } catch (javax.crypto.AEADBadTagException e) {
            throw ServiceRefusals.cryptographicFailure("the Authenticated Encryption Tag does not match: the data, "
                    + "the additional data, the IV or the key differ from those it was made with");
        } catch (javax.crypto.BadPaddingException e) {
            throw ServiceRefusals.cryptographicFailure(
                    "the decrypted data fails its padding or key wrap integrity check (wrong key or IV?)");
        } catch (javax.crypto.IllegalBlockSizeException e) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "without padding, " + s.modeName() + " takes data in whole blocks (16 bytes; NISTKeyWrap: 8-byte "
                            + "blocks, at least 16 bytes); use Padding Method PKCS5, AESKeyWrapPadding or pad the data");
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.cryptographicFailure(s.modeName() + " failed: " + e.getMessage());
        }
    }
}
