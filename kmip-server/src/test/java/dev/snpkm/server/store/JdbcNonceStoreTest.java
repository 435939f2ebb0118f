package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.store.NonceStore.NonceCheck;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
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
    final byte[] hash = hash(7);

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("nonces"));
        nonces = new JdbcNonceStore(db);
        nonces.issue(new AttestationNonce("n1", hash, "client-a", "uid-1", now.plus(Duration.ofSeconds(60))));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void matchingNonceIsAcceptedOnceOnly() {
        assertThat(nonces.consume("n1", hash, "client-a", "uid-1", now)).isEqualTo(NonceCheck.ACCEPTED);
        assertThat(nonces.consume("n1", hash, "client-a", "uid-1", now)).isEqualTo(NonceCheck.ALREADY_USED);
    }

    @Test
    void mismatchesAreRejectedWithTheirReasonAndLeaveTheNonceUsable() {
        assertThat(nonces.consume("n2", hash, "client-a", "uid-1", now)).isEqualTo(NonceCheck.UNKNOWN);
        assertThat(nonces.consume("n1", hash, "client-b", "uid-1", now)).isEqualTo(NonceCheck.WRONG_CLIENT);
        assertThat(nonces.consume("n1", hash, "client-a", "uid-2", now)).isEqualTo(NonceCheck.WRONG_OBJECT);
        assertThat(nonces.consume("n1", hash(8), "client-a", "uid-1", now)).isEqualTo(NonceCheck.WRONG_VALUE);
        assertThat(nonces.consume("n1", hash, "client-a", "uid-1", now.plusSeconds(60)))
                .isEqualTo(NonceCheck.EXPIRED);
        assertThat(nonces.consume("n1", hash, "client-a", "uid-1", now)).isEqualTo(NonceCheck.ACCEPTED);
    }

    @Test
    void expiredNoncesArePurged() {
        assertThat(nonces.purgeExpired(now)).isZero();
        assertThat(nonces.purgeExpired(now.plusSeconds(61))).isEqualTo(1);
        assertThat(nonces.consume("n1", hash, "client-a", "uid-1", now)).isEqualTo(NonceCheck.UNKNOWN);
    }

    @Test
    void aConcurrentConsumerWaitsForTheOpenDecisionAndThenFindsTheNonceUsed() throws Exception {
        assertThat(consumeWhileAnotherDecisionHoldsIt(false)).isEqualTo(NonceCheck.ALREADY_USED);
    }

    @Test
    void aConcurrentConsumerGetsTheNonceIfTheOpenDecisionRollsBack() throws Exception {
        assertThat(consumeWhileAnotherDecisionHoldsIt(true)).isEqualTo(NonceCheck.ACCEPTED);
    }

    /**
     * A decision consumes n1 and stays open (verifying, auditing) while another thread presents n1; then the decision
     * commits or rolls back. Returns what the other thread got.
     */
    private NonceCheck consumeWhileAnotherDecisionHoldsIt(boolean rollBack) throws Exception {
        CountDownLatch consumed = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<NonceCheck> first = pool.submit(() -> nonces.decision(() -> {
                NonceCheck c = nonces.consume("n1", hash, "client-a", "uid-1", now);
                consumed.countDown();
                await(finish);
                if (rollBack) {
                    throw new IllegalStateException("audit unavailable");
                }
                return c;
            }));
            assertThat(consumed.await(10, TimeUnit.SECONDS)).isTrue();
            Future<NonceCheck> second = pool.submit(() -> nonces.consume("n1", hash, "client-a", "uid-1", now));
            Thread.sleep(200); // let the second consumer reach the row lock
            assertThat(second.isDone()).as("the second consumer waits for the open decision").isFalse();
            finish.countDown();
            if (rollBack) {
                assertThatThrownBy(first::get).hasRootCauseMessage("audit unavailable");
            } else {
                assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(NonceCheck.ACCEPTED);
            }
            return second.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] hash(int fill) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) fill);
        return h;
    }
}
