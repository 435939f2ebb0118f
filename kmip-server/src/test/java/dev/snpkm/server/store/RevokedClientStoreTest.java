package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevokedClientStoreTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void revocationsAreAddedOnceAndSeenByEveryStoreOnTheDatabase() {
        try (Database db = TestStores.open(dir.resolve("revoked"))) {
            RevokedClientStore nodeA = new RevokedClientStore(db);
            RevokedClientStore nodeB = new RevokedClientStore(db);
            assertThat(nodeA.all()).isEmpty();

            assertThat(nodeA.addAll(Set.of(A), Instant.now())).isEqualTo(1);
            // B publishes the same line (its own file has it too) and a new one: only the new one counts.
            assertThat(nodeB.addAll(Set.of(A, B), Instant.now())).isEqualTo(1);

            assertThat(nodeA.all()).containsExactlyInAnyOrder(A, B);
        }
    }

    @Test
    void revocationsSurviveReopeningTheStore() {
        Path file = dir.resolve("reopened");
        try (Database db = TestStores.open(file)) {
            new RevokedClientStore(db).addAll(Set.of(A), Instant.now());
        }
        try (Database db = TestStores.open(file)) {
            assertThat(new RevokedClientStore(db).all()).containsExactly(A);
        }
    }

    @Test
    void onlyLowerCaseHexSha256FingerprintsAreRecorded() {
        try (Database db = TestStores.open(dir.resolve("malformed"))) {
            RevokedClientStore store = new RevokedClientStore(db);
            assertThatThrownBy(() -> store.addAll(Set.of("A".repeat(64)), Instant.now()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fingerprint");
            assertThat(store.all()).isEmpty();
            assertThat(RevokedClientStore.isFingerprint("ab".repeat(32))).isTrue();
            assertThat(RevokedClientStore.isFingerprint("ab".repeat(31))).isFalse();
        }
    }
}
