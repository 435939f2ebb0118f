package dev.snpkm.unlock.key;

/**
 * Where the disk key comes from: {@link AttestedKeySource}, the attested Get (docs/ARCHITECTURE.md "The
 * attested release"). Tests substitute fixed keys to exercise the commands without a key manager.
 */
public interface KeySource {

    /**
     * Fetches the key's raw bytes.
     *
     * @param keyId the key manager's Unique Identifier of the key
     * @return a fresh array the caller owns and must zero after use: the 16, 24 or 32 bytes of an AES key, since
     *     {@code enroll} gives it a keyslot with a cheap PBKDF
     */
    byte[] fetchKey(String keyId) throws KeySourceException;
}
