package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.store.NonceStore.NonceCheck;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpiredNoncePurgeTest {
    @TempDir
    Path dir;
    final Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void scheduledPurgeDeletesExpiredNoncesAndKeepsLiveOnes() throws Exception {
        try (Database db = TestStores.open(dir.resolve("nonces"))) {
            NonceStore nonces = new JdbcNonceStore(db);
            nonces.issue(new AttestationNonce("old", hash(1), "client-a", "uid-1", now.minusSeconds(1)));
            nonces.issue(new AttestationNonce("live", hash(2), "client-a", "uid-1", now.plusSeconds(60)));

            try (ExpiredNoncePurge purge = ExpiredNoncePurge.start(nonces, Clock.fixed(now, ZoneOffset.UTC),
                    Duration.ofMillis(20))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (nonces.consume("old", hash(1), "client-a", "uid-1", now) != NonceCheck.UNKNOWN
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertThat(nonces.consume("old", hash(1), "client-a", "uid-1", now)).isEqualTo(NonceCheck.UNKNOWN);
            assertThat(nonces.consume("live", hash(2), "client-a", "uid-1", now)).isEqualTo(NonceCheck.ACCEPTED);
        }
    }

    @Test
    void aFailingStoreDoesNotEndTheSchedule() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        NonceStore broken = new NonceStore() {
            @Override
            public void issue(AttestationNonce nonce) {
            }

            @Override
            public NonceCheck consume(String id, byte[] h, String client, String uid, Instant at) {
                return NonceCheck.UNKNOWN;
            }

            @Override
            public int purgeExpired(Instant at) {
                calls.incrementAndGet();
                throw new StoreException("database down", null);
            }
        };
        try (ExpiredNoncePurge purge = ExpiredNoncePurge.start(broken, Clock.systemUTC(), Duration.ofMillis(10))) {
            assertThat(purge.runOnce()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (calls.get() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(4);
    }

    private static byte[] hash(int fill) {
        byte[] h = new byte[32];
        java.util.Arrays.fill(h, (byte) fill);
        return h;
    }
}
