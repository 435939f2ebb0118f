package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.store.NonceStore.NonceCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
        db = Database.openH2File(dir.resolve("nonces"));
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

    private static byte[] hash(int fill) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) fill);
        return h;
    }
}
