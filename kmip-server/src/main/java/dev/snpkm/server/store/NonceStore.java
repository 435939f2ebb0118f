package dev.snpkm.server.store;

import java.time.Instant;
import java.util.function.Supplier;

/** Attestation nonces, kept in the database so any node of a cluster can check them. */
public interface NonceStore {

    /** The outcome of presenting a nonce; only {@link #ACCEPTED} releases anything. */
    enum NonceCheck { ACCEPTED, UNKNOWN, ALREADY_USED, EXPIRED, WRONG_CLIENT, WRONG_OBJECT, WRONG_VALUE }

    /**
     * Runs one gate decision so that the nonce it issues or consumes and the audit record it appends last are made
     * durable in one commit, or not at all if body throws. The default runs body as is: each write commits alone.
     */
    default <T> T decision(Supplier<T> body) {
        return body.get();
    }

    void issue(AttestationNonce nonce);

    /**
     * Checks a presented nonce and, if it matches in every respect, marks it used, atomically: of two concurrent
     * presentations at most one is accepted.
     */
    NonceCheck consume(String nonceId, byte[] valueSha256, String clientIdentity, String objectUid, Instant now);

    /** Deletes nonces that expired before {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
