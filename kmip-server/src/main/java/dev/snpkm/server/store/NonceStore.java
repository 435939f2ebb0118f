package dev.snpkm.server.store;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * The attestation nonces already consumed, kept in the database so that every node sharing it refuses a replay.
 * Issuing a nonce writes nothing (release/StatelessNonces); only its consumption is recorded, in the decision's commit.
 */
public interface NonceStore {

    /** The outcome of presenting a nonce; only {@link #ACCEPTED} releases anything. */
    enum NonceCheck {
        ACCEPTED,
        /** Not a nonce this key manager mints (wrong size or version). */
        UNKNOWN,
        ALREADY_USED,
        EXPIRED,
        /** The MAC does not match this client and object: issued to another client or for another object, or forged. */
        MISMATCH
    }

    /**
     * Runs one gate decision so that the nonce it consumes and the audit record it appends last are made durable in
     * one commit, or not at all if body throws. The default runs body as is: each write commits alone.
     */
    default <T> T decision(Supplier<T> body) {
        return body.get();
    }

    /**
     * Records a nonce as consumed, under its Nonce ID as a unique key, inside the open decision. Of two presentations
     * of one nonce, on any nodes sharing the store, at most one gets true: the other waits for the first to commit
     * and then finds its row.
     *
     * @return true if this call consumed it; false if it was consumed before
     */
    boolean markUsed(ConsumedNonce nonce);

    /** Deletes consumed nonces whose expiry is before {@code now} (they are refused as expired anyway). */
    int purgeExpired(Instant now);
}
