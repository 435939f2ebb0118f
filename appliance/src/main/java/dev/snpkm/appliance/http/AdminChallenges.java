package dev.snpkm.appliance.http;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Nonces issued by {@code POST /admin/challenge}, each good for one {@link AdminMac} request within {@link #TTL}.
 * Any loopback process may ask for them, so at most {@link #CAPACITY} are kept, and when that many are outstanding no
 * new one is issued until one is used or expires. An issued nonce thus stays good: pushing out the oldest instead let
 * any local process void kmipctl's nonce in flight with 64 requests. What a flood still does is keep the table full
 * (each nonce holds its place for {@link #TTL}), so that kmipctl gets no nonce while it lasts: loopback peers are not
 * told apart (every local user is 127.0.0.1), so there is no fair share to give each.
 */
final class AdminChallenges {
    static final int CAPACITY = 64;
    static final Duration TTL = Duration.ofSeconds(30);

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoTime;
    /** Nonce to the System.nanoTime it was issued at, oldest first. Nonces are public; the MAC is the secret part. */
    private final Map<String, Long> issued = new LinkedHashMap<>();

    AdminChallenges(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A fresh nonce, or empty when {@link #CAPACITY} unexpired ones are outstanding. */
    synchronized Optional<String> issue() {
        expire();
        if (issued.size() >= CAPACITY) {
            return Optional.empty();
        }
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        String hex = HexFormat.of().formatHex(nonce);
        issued.put(hex, nanoTime.getAsLong());
        return Optional.of(hex);
    }

    /** Whether this nonce was issued and is unexpired; it is spent either way, so a MAC gets one try per nonce. */
    synchronized boolean consume(String nonce) {
        Long at = issued.remove(nonce);
        return at != null && !expired(at);
    }

    synchronized int outstanding() {
        expire();
        return issued.size();
    }

    private void expire() {
        Iterator<Long> oldestFirst = issued.values().iterator();
        while (oldestFirst.hasNext() && expired(oldestFirst.next())) {
            oldestFirst.remove();
        }
    }

    private boolean expired(long issuedAt) {
        return nanoTime.getAsLong() - issuedAt > TTL.toNanos();
    }
}
