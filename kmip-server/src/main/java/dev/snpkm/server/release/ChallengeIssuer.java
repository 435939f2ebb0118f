package dev.snpkm.server.release;

import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.store.AttestationNonce;
import dev.snpkm.server.store.NonceStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Mints the Nonce of an Attestation Required answer: 32 random bytes, a random 16-byte id, single use, bound to the
 * client certificate and the object, valid for a short TTL. Only a SHA-256 of the value is persisted, so neither the
 * database nor a backup holds a value that could be presented.
 */
final class ChallengeIssuer {
    static final int VALUE_BYTES = 32;
    static final int ID_BYTES = 16;

    private final NonceStore store;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;

    ChallengeIssuer(NonceStore store, SecureRandom random, Clock clock, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("nonce TTL must be positive, got " + ttl);
        }
        this.ttl = ttl;
    }

    /** Persists a fresh nonce for (client, object) and returns it for the response header. */
    Nonce issue(String clientBinding, String objectUid) {
        byte[] id = new byte[ID_BYTES];
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(id);
        random.nextBytes(value);
        String nonceId = idString(id);
        store.issue(new AttestationNonce(nonceId, sha256(value), clientBinding, objectUid, clock.instant().plus(ttl)));
        return new Nonce(Bytes.of(id), Bytes.of(value));
    }

    /** The store's key for a wire Nonce ID (lower-case hex; ids we did not mint simply are UNKNOWN). */
    static String idString(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
