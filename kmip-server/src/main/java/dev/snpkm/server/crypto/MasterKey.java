package dev.snpkm.server.crypto;

import java.security.GeneralSecurityException;

/**
 * The key-encryption key that seals managed objects' material at rest. A software key and an HSM-held key are
 * interchangeable behind this interface.
 *
 * <p>Guarantee: {@link #seal} returns a blob that hides the plaintext and authenticates both it and the associated
 * data (AES-256-GCM or equivalent AEAD); {@link #open} returns the plaintext only for the same key, the same
 * associated data and an unmodified blob, and fails otherwise. The associated data is not secret and not stored in
 * the blob. Implementations never put key or plaintext bytes into exceptions or logs.
 */
public interface MasterKey {

    /** Which key this is among rotated ones (0-255); stored with each sealed blob so the right key opens it. */
    int version();

    /** Seals plaintext under this key, bound to associatedData; a fresh nonce each call. */
    byte[] seal(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

    /** Opens a blob made by {@link #seal}; the caller zeroes the returned plaintext when done. */
    byte[] open(byte[] sealed, byte[] associatedData) throws GeneralSecurityException;

    /**
     * A 32-byte key for one purpose, derived from this key (NIST SP 800-108r1 §4.1, KDF in counter mode, PRF
     * HMAC-SHA-256): distinct labels give independent keys, and the same label on every node sharing this master key
     * gives the same key. The caller zeroes the returned bytes when done.
     */
    byte[] deriveKey(String label) throws GeneralSecurityException;
}
