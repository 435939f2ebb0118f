package dev.snpkm.client.attestation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Optional;

/**
 * REPORT_DATA for an attested key release (docs/ARCHITECTURE.md "The attested release"):
 * {@code SHA-512("KMIP-SNP-RELEASE-v1" ‖ Nonce Value ‖ SHA-256(SPKI of the wrapping public key, or 32 zero bytes))}.
 *
 * <p>It ties the report to the server's single-use nonce (freshness) and to the key the server will wrap the
 * released key to, so a report cannot be replayed or redirected to another wrapping key.
 */
public final class ReleaseBinding {
    /** The domain label, ASCII, no terminator. */
    static final byte[] LABEL = "KMIP-SNP-RELEASE-v1".getBytes(StandardCharsets.US_ASCII);

    private ReleaseBinding() {
    }

    /**
     * @param nonceValue the Nonce Value the server sent with Attestation Required
     * @param wrappingKey the ephemeral public key the key will be wrapped to; empty when it is released unwrapped
     * @return the 64 bytes to pass to {@link AttestationProvider#report}
     */
    public static byte[] reportData(byte[] nonceValue, Optional<PublicKey> wrappingKey) {
        if (nonceValue.length == 0) {
            throw new IllegalArgumentException("the nonce must not be empty");
        }
        byte[] keyDigest = wrappingKey.map(k -> sha("SHA-256").digest(k.getEncoded())).orElseGet(() -> new byte[32]);
        MessageDigest sha512 = sha("SHA-512");
        sha512.update(LABEL);
        sha512.update(nonceValue);
        sha512.update(keyDigest);
        return sha512.digest();
    }

    private static MessageDigest sha(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}
