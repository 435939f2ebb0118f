package dev.snpkm.server.release;

import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.store.NonceStore.NonceCheck;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Nonce of an Attestation Required answer, minted without writing anything: any node holding the same nonce key
 * checks it without a lookup (docs/KEY-WRAPPING.md "The nonce").
 *
 * <ul>
 *   <li>Nonce ID (25 bytes) = version 0x01 ‖ expiry (ms since the epoch, 8 bytes big-endian) ‖ 16 random bytes;</li>
 *   <li>Nonce Value (32 bytes) = HMAC-SHA-256(nonce key, "KMIP-SNP-NONCE-v1" ‖ Nonce ID ‖ length-prefixed UTF-8 of
 *       the client certificate's SHA-256 fingerprint ‖ length-prefixed UTF-8 of the object's UID).</li>
 * </ul>
 *
 * <p>Guarantee: only a holder of the nonce key can produce a value that {@link #check} accepts for a given client,
 * object and expiry; the comparison is constant-time. Single use is not decided here: the gate records each consumed
 * Nonce ID in the store under a unique key ({@link dev.snpkm.server.store.NonceStore#markUsed}).
 */
public final class StatelessNonces {
    /** The label the nonce key is derived from the master key with (MasterKey.deriveKey). */
    public static final String KEY_LABEL = "KMIP-SNP nonce MAC key v1";

    static final int ID_BYTES = 25;
    static final int VALUE_BYTES = 32;
    private static final byte VERSION = 1;
    private static final byte[] DOMAIN = "KMIP-SNP-NONCE-v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;

    /** Copies the 32 key bytes; the caller zeroes its own array. */
    StatelessNonces(byte[] nonceKey, SecureRandom random, Clock clock, Duration ttl) {
        if (nonceKey == null || nonceKey.length != 32) {
            throw new IllegalArgumentException("the nonce key must be 32 bytes");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("nonce TTL must be positive, got " + ttl);
        }
        this.key = new SecretKeySpec(nonceKey, "HmacSHA256"); // keeps its own copy
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = ttl;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** A fresh nonce for (client, object), valid for the TTL from now. */
    Nonce issue(String clientBinding, String objectUid) {
        byte[] id = ByteBuffer.allocate(ID_BYTES)
                .put(VERSION)
                .putLong(clock.instant().plus(ttl).toEpochMilli())
                .array();
        byte[] salt = new byte[ID_BYTES - 9];
        random.nextBytes(salt);
        System.arraycopy(salt, 0, id, 9, salt.length);
        return new Nonce(Bytes.of(id), Bytes.of(mac(id, clientBinding, objectUid)));
    }

    /**
     * Whether {@code presented} is a nonce this key minted for this client and object and has not expired at
     * {@code now}. It says nothing about earlier use.
     */
    NonceCheck check(Nonce presented, String clientBinding, String objectUid, Instant now) {
        byte[] id = presented.id().toByteArray();
        byte[] value = presented.value().toByteArray();
        if (id.length != ID_BYTES || value.length != VALUE_BYTES || id[0] != VERSION) {
            return NonceCheck.UNKNOWN; // not one we minted
        }
        byte[] expected = mac(id, clientBinding, objectUid);
        boolean matches = MessageDigest.isEqual(expected, value);
        Arrays.fill(expected, (byte) 0);
        if (!matches) {
            return NonceCheck.MISMATCH;
        }
        Instant expires = expiry(id);
        // The expiry is authenticated; one beyond now + TTL was minted under another TTL setting: refuse it too.
        if (!expires.isAfter(now) || expires.isAfter(now.plus(ttl))) {
            return NonceCheck.EXPIRED;
        }
        return NonceCheck.ACCEPTED;
    }

    /** The expiry a Nonce ID carries (the caller has checked its MAC). */
    static Instant expiry(byte[] id) {
        return Instant.ofEpochMilli(ByteBuffer.wrap(id, 1, 8).getLong());
    }

    private byte[] mac(byte[] id, String clientBinding, String objectUid) {
        Mac mac = macs.get();
        mac.update(DOMAIN);
        mac.update(id);
        update(mac, clientBinding);
        update(mac, objectUid);
        return mac.doFinal();
    }

    private static void update(Mac mac, String field) {
        byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(4).putInt(utf8.length).array());
        mac.update(utf8);
    }
}
