package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store remembers which master key seals it: the same key opens it again, another one is refused before anything is
 * sealed under it (a lost master.key re-created, a cluster node given the wrong key).
 */
class MasterKeyCheckTest {
    @TempDir
    Path dir;

    private static SoftwareMasterKey freshKey(int version) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new SoftwareMasterKey(version, bytes);
    }

    @Test
    void theKeyAStoreWasMadeWithOpensItAgainAndAnotherIsRefused() {
        SoftwareMasterKey original = freshKey(0);
        try (Database db = TestStores.open(dir.resolve("store"))) {
            MasterKeyCheck.verifyOrRecord(db, original);
        }
        try (Database db = TestStores.open(dir.resolve("store"))) {
            assertThatCode(() -> MasterKeyCheck.verifyOrRecord(db, original)).doesNotThrowAnyException();

            assertThatThrownBy(() -> MasterKeyCheck.verifyOrRecord(db, freshKey(0)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("sealed under another master key")
                    .hasMessageContaining("restore the master key this store was made with");
        }
    }

    @Test
    void eachKeyVersionHasItsOwnCheckAndTheValueRevealsNoDerivedKey() throws Exception {
        SoftwareMasterKey v0 = freshKey(0);
        SoftwareMasterKey v1 = freshKey(1);
        try (Database db = TestStores.open(dir.resolve("versions"))) {
            MasterKeyCheck.verifyOrRecord(db, v0);
            MasterKeyCheck.verifyOrRecord(db, v1); // a rotated key records its own
            assertThatCode(() -> MasterKeyCheck.verifyOrRecord(db, v0)).doesNotThrowAnyException();
        }
        assertThat(MasterKeyCheck.checkValue(v0))
                .hasSize(32)
                .isNotEqualTo(v0.deriveKey(MasterKeyCheck.LABEL))
                .isEqualTo(MasterKeyCheck.checkValue(v0));
    }
}
