package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

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
    void scheduledPurgeDeletesExpiredConsumedNoncesAndKeepsLiveOnes() throws Exception {
        try (Database db = TestStores.open(dir.resolve("nonces"))) {
            NonceStore nonces = new JdbcNonceStore(db);
            nonces.markUsed(JdbcNonceStoreTest.nonce("old", now.minus(ExpiredNoncePurge.CLOCK_SKEW_GRACE)));
            nonces.markUsed(JdbcNonceStoreTest.nonce("live", now.plusSeconds(60)));
            // Expired here, but not on a node whose clock is 2 s behind: kept, or that node would accept a replay.
            nonces.markUsed(JdbcNonceStoreTest.nonce("just-expired", now.minusSeconds(1)));

            try (ExpiredNoncePurge purge =
                    ExpiredNoncePurge.start(nonces, Clock.fixed(now, ZoneOffset.UTC), Duration.ofMillis(20))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (rows(db) != 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertThat(rows(db)).isEqualTo(2);
            assertThat(nonces.markUsed(JdbcNonceStoreTest.nonce("just-expired", now.minusSeconds(1))))
                    .as("a nonce expired within the clock-skew grace is still recorded")
                    .isFalse();
            assertThat(nonces.markUsed(JdbcNonceStoreTest.nonce("old", now.minus(ExpiredNoncePurge.CLOCK_SKEW_GRACE))))
                    .as("one expired for longer is gone")
                    .isTrue();
            assertThat(nonces.markUsed(JdbcNonceStoreTest.nonce("live", now.plusSeconds(60))))
                    .as("the live consumed nonce is still recorded")
                    .isFalse();
        }
    }

    private static int rows(Database db) {
        return db.read("count", c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM attestation_nonce")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void aFailingStoreDoesNotEndTheSchedule() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        NonceStore broken = new NonceStore() {
            @Override
            public boolean markUsed(ConsumedNonce nonce) {
                return false;
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
}
