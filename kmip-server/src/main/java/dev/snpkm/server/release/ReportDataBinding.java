package dev.snpkm.server.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What REPORT_DATA must be for one release (docs/ARCHITECTURE.md "The attested release"):
 * SHA-512("KMIP-SNP-RELEASE-v1" ‖ Nonce Value ‖ SHA-256(DER SPKI of the wrapping key, or 32 zero bytes when the key is
 * returned unwrapped)). The guest computes the same inside the CVM, so the report proves that this CVM saw this nonce
 * and holds the private half of this wrapping key.
 */
public final class ReportDataBinding {
    /** ASCII, no terminator, no length prefix: the nonce and the digest after it have fixed lengths. */
    static final byte[] DOMAIN = "KMIP-SNP-RELEASE-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_KEY = new byte[32];

    private ReportDataBinding() {
    }

    /** The 64 bytes REPORT_DATA must equal. */
    public static byte[] expected(byte[] nonceValue, byte @Nullable [] wrappingKeySpkiOrNull) {
        Objects.requireNonNull(nonceValue, "nonceValue");
        MessageDigest sha512 = digest("SHA-512");
        sha512.update(DOMAIN);
        sha512.update(nonceValue);
        sha512.update(wrappingKeySpkiOrNull == null ? NO_KEY : digest("SHA-256").digest(wrappingKeySpkiOrNull));
        return sha512.digest();
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }
}
