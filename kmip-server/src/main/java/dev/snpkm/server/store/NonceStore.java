package dev.snpkm.server.store;

import java.time.Instant;

/** Attestation nonces, kept in the database so any node of a cluster can check them. */
public interface NonceStore {

    /** The outcome of presenting a nonce; only {@link #ACCEPTED} releases anything. */
    enum NonceCheck { ACCEPTED, UNKNOWN, ALREADY_USED, EXPIRED, WRONG_CLIENT, WRONG_OBJECT, WRONG_VALUE }

    void issue(AttestationNonce nonce);

    /**
     * Checks a presented nonce and, if it matches in every respect, marks it used, atomically: of two concurrent
     * presentations at most one is accepted.
     */
    NonceCheck consume(String nonceId, byte[] valueSha256, String clientIdentity, String objectUid, Instant now);

    /** Deletes nonces that expired before {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
