package dev.snpkm.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A nonce presented by its rightful client, recorded so it is never accepted again (single use). Only a SHA-256 of
 * the value is stored: the store never holds a value that could be presented. The row can go once the nonce has
 * expired, since an expired nonce is refused anyway.
 */
public record ConsumedNonce(
        String nonceId, byte[] valueSha256, String clientIdentity, String objectUid, Instant expiresAt) {

    public ConsumedNonce {
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
        return "ConsumedNonce[id=" + nonceId + ", client=" + clientIdentity + ", object=" + objectUid + ", expires="
                + expiresAt + "]";
    }
}
