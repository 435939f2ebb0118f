package dev.snpkm.unlock.key;

/**
 * Where the disk key comes from. Today: {@link PlainKmipGetKeySource} (a plain KMIP Get over mTLS). Next: the
 * attested Get (ARCHITECTURE.md "The attested release"), which answers Attestation Required with a report from an
 * {@link dev.snpkm.client.attestation.AttestationProvider} and unwraps the released key.
 */
public interface KeySource {

    /**
     * Fetches the key's raw bytes.
     *
     * @param keyId the key manager's Unique Identifier of the key
     * @return a fresh array the caller owns and must zero after use
     */
    byte[] fetchKey(String keyId) throws KeySourceException;
}
