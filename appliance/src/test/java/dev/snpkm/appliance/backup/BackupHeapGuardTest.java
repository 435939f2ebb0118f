package dev.snpkm.appliance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online backup is built in memory; a store whose SQL the heap cannot hold is refused, because running out of heap
 * ends the appliance (measured in session 18: the shipped 512 MiB heap ended the process at ~115,000 keys).
 */
class BackupHeapGuardTest {
    private static final long MIB = 1 << 20;

    @Test
    void theBudgetIsTheHeapLessTheServersShareAtTheMeasuredCostPerCharacter() {
        assertThat(ApplianceBackup.scriptBudget(512 * MIB)).isEqualTo((long) (464 * MIB / 1.8));
        // 100,000 keys' SQL (321 M characters, which needed 480 MB of heap) does not fit the shipped heap's budget.
        assertThat(ApplianceBackup.scriptBudget(512 * MIB)).isLessThan(321_300_000L);
        // The tests' appliances run in 128 MiB: their small stores still back up.
        assertThat(ApplianceBackup.scriptBudget(128 * MIB)).isGreaterThan(40_000_000L);
        assertThat(ApplianceBackup.scriptBudget(32 * MIB)).isZero();
        assertThat(ApplianceBackup.scriptBudget(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aStoreWhoseSqlPassesTheBudgetIsRefusedBeforeItIsAllRead(@TempDir Path dir) throws Exception {
        try (Database db = Database.openH2File(dir.resolve("store"), 2)) {
            db.transaction(
                    "rows",
                    c -> c.createStatement()
                            .executeUpdate(
                                    "CREATE TABLE t AS SELECT X AS id, REPEAT('p', 100) AS pad FROM SYSTEM_RANGE(1, 1000)"));
            assertThat(StoreBackup.script(db.dataSource()).stream()
                            .mapToLong(String::length)
                            .sum())
                    .as("the whole script, unbounded")
                    .isGreaterThan(100_000);
            assertThatThrownBy(() -> StoreBackup.script(db.dataSource(), 10_000))
                    .isInstanceOf(BackupException.class)
                    .hasMessage("the store's SQL passed 10000 characters, the most this heap can hold for an online "
                            + "backup");
        }
    }
}
