package dev.snpkm.kmip.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * REPORT_DATA of an attested key release (docs/ARCHITECTURE.md "The attested release"), the one definition that the
 * guest computes before asking for its SEV-SNP report and that the key manager's gate checks:
 * {@code SHA-512("KMIP-SNP-RELEASE-v1" ‖ Nonce Value ‖ SHA-256(DER SPKI of the wrapping public key))}, with 32 zero
 * bytes in place of the SPKI digest when the key is released unwrapped.
 *
 * <p>Guarantee: a report carrying these 64 bytes proves that the CVM saw this single-use nonce (freshness) and chose
 * this wrapping key, so it can neither be replayed nor redirected to another key. Nothing here is secret.
 */
public final class ReportDataBinding {
    /** REPORT_DATA is 64 bytes (AMD SEV-SNP ABI, ATTESTATION_REPORT structure, offset 0x50). */
    public static final int BYTES = 64;
    /** ASCII, no terminator, no length prefix: the nonce is the only variable-length part and the digest is fixed. */
    static final byte[] DOMAIN = "KMIP-SNP-RELEASE-v1".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] NO_KEY = new byte[32];

    private ReportDataBinding() {}

    /**
     * @param nonceValue the Nonce Value the key manager sent with Attestation Required; never empty
     * @param wrappingKeySpki the DER SubjectPublicKeyInfo of the key the release is wrapped to; null when unwrapped
     * @return the 64 bytes REPORT_DATA must equal
     */
    public static byte[] reportData(byte[] nonceValue, byte @Nullable [] wrappingKeySpki) {
        Objects.requireNonNull(nonceValue, "nonceValue");
        if (nonceValue.length == 0) {
            throw new IllegalArgumentException("the nonce must not be empty");
        }
        MessageDigest sha512 = digest("SHA-512");
        sha512.update(DOMAIN);
        sha512.update(nonceValue);
        sha512.update(wrappingKeySpki == null ? NO_KEY : digest("SHA-256").digest(wrappingKeySpki));
        return sha512.digest();
    }

    /** As {@link #reportData(byte[], byte[])} for a public key object (its X.509 encoding is the SPKI). */
    public static byte[] reportData(byte[] nonceValue, Optional<PublicKey> wrappingKey) {
        return reportData(nonceValue, wrappingKey.map(PublicKey::getEncoded).orElse(null));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e); // every Java SE platform has it
        }
    }
}
