package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcNonceStoreTest {
    @TempDir
    Path dir;

    Database db;
    NonceStore nonces;
    final Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("nonces"));
        nonces = new JdbcNonceStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aNonceIsConsumedOnceOnly() {
        assertThat(nonces.markUsed(nonce("n1", now.plusSeconds(60)))).isTrue();
        assertThat(nonces.markUsed(nonce("n1", now.plusSeconds(60)))).isFalse();
        assertThat(nonces.markUsed(nonce("n2", now.plusSeconds(60)))).isTrue();
    }

    @Test
    void aDuplicateLeavesTheDecisionUsableForItsAuditRecord() {
        nonces.markUsed(nonce("n1", now.plusSeconds(60)));
        boolean second = nonces.decision(() -> {
            boolean used = nonces.markUsed(nonce("n1", now.plusSeconds(60)));
            assertThat(nonces.markUsed(nonce("n3", now.plusSeconds(60)))).isTrue(); // same transaction, still usable
            return used;
        });
        assertThat(second).isFalse();
        assertThat(nonces.markUsed(nonce("n3", now.plusSeconds(60))))
                .as("n3 committed with the decision")
                .isFalse();
    }

    @Test
    void expiredConsumedNoncesArePurgedAndLiveOnesKept() {
        nonces.markUsed(nonce("old", now.minusSeconds(1)));
        nonces.markUsed(nonce("live", now.plusSeconds(60)));
        assertThat(nonces.purgeExpired(now)).isEqualTo(1);
        assertThat(nonces.markUsed(nonce("live", now.plusSeconds(60)))).isFalse();
    }

    @Test
    void aBacklogLargerThanOneBatchIsPurgedWhole() {
        int expired = 2 * JdbcNonceStore.PURGE_BATCH + 5;
        for (int i = 0; i < expired; i++) {
            nonces.markUsed(nonce("old-" + i, now.minusSeconds(1)));
        }
        nonces.markUsed(nonce("live", now.plusSeconds(60)));
        assertThat(nonces.purgeExpired(now)).isEqualTo(expired);
        assertThat(nonces.purgeExpired(now)).isZero();
        assertThat(nonces.markUsed(nonce("live", now.plusSeconds(60))))
                .as("the live nonce kept")
                .isFalse();
        assertThat(nonces.markUsed(nonce("old-0", now.minusSeconds(1))))
                .as("an expired one gone")
                .isTrue();
    }

    @Test
    void aConcurrentConsumerWaitsForTheOpenDecisionAndThenFindsTheNonceUsed() throws Exception {
        assertThat(consumeWhileAnotherDecisionHoldsIt(false)).isFalse();
    }

    @Test
    void aConcurrentConsumerGetsTheNonceIfTheOpenDecisionRollsBack() throws Exception {
        assertThat(consumeWhileAnotherDecisionHoldsIt(true)).isTrue();
    }

    /**
     * A decision consumes n1 and stays open (verifying, auditing) while another thread presents n1; then the decision
     * commits or rolls back. Returns what the other thread got.
     */
    private boolean consumeWhileAnotherDecisionHoldsIt(boolean rollBack) throws Exception {
        CountDownLatch consumed = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> nonces.decision(() -> {
                boolean c = nonces.markUsed(nonce("n1", now.plusSeconds(60)));
                consumed.countDown();
                await(finish);
                if (rollBack) {
                    throw new IllegalStateException("audit unavailable");
                }
                return c;
            }));
            assertThat(consumed.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> second = pool.submit(() -> nonces.markUsed(nonce("n1", now.plusSeconds(60))));
            Thread.sleep(200); // let the second consumer reach the row lock
            assertThat(second.isDone())
                    .as("the second consumer waits for the open decision")
                    .isFalse();
            finish.countDown();
            if (rollBack) {
                assertThatThrownBy(first::get).hasRootCauseMessage("audit unavailable");
            } else {
                assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            }
            return second.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    static ConsumedNonce nonce(String id, Instant expires) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) 7);
        return new ConsumedNonce(id, h, "client-a", "uid-1", expires);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
