package dev.snpkm.appliance.http;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Nonces issued by {@code POST /admin/challenge}, each good for one {@link AdminMac} request within {@link #TTL}.
 * Any loopback process may ask for them, so at most {@link #CAPACITY} are kept: a new one pushes out the oldest. A
 * flood can thus void a nonce in flight (kmipctl then fails with 401 and is run again) but never grows the heap, and
 * refusing new ones instead would let the flood lock kmipctl out for as long as it lasts.
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

    synchronized String issue() {
        expire();
        if (issued.size() >= CAPACITY) {
            Iterator<String> oldest = issued.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        String hex = HexFormat.of().formatHex(nonce);
        issued.put(hex, nanoTime.getAsLong());
        return hex;
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
