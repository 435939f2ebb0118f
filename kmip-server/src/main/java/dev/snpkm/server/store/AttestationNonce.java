package dev.snpkm.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A nonce issued with Attestation Required (ARCHITECTURE: single use, short-lived, bound to client and object). Only
 * a SHA-256 of the value is stored: the store never holds a value that could be replayed.
 */
public record AttestationNonce(String nonceId, byte[] valueSha256, String clientIdentity, String objectUid,
        Instant expiresAt) {

    public AttestationNonce {
        Objects.requireNonNull(nonceId, "nonceId");
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        Objects.requireNonNull(objectUid, "objectUid");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (valueSha256 == null || valueSha256.length != 32) {
            throw new IllegalArgumentException("nonce value hash must be 32 bytes (SHA-256)");
        }
        valueSha256 = valueSha256.clone();
    }

    @Override
    public byte[] valueSha256() {
        return valueSha256.clone();
    }

    @Override
    public String toString() {
        return "AttestationNonce[id=" + nonceId + ", client=" + clientIdentity + ", object=" + objectUid
                + ", expires=" + expiresAt + "]";
    }
}
