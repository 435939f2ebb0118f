package dev.snpkm.appliance.backup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * An online backup is built in memory; one the heap cannot hold is refused up front, because running out of heap
 * ends the appliance (measured in session 18: the shipped 512 MiB heap ended the process at ~115,000 keys).
 */
class BackupHeapGuardTest {
    private static final long MIB = 1 << 20;

    @Test
    void aStoreThatFitsBesideTheServersReserveIsBackedUp() {
        assertThatCode(() -> ApplianceBackup.requireHeapFor(100 * MIB, 512 * MIB))
                .doesNotThrowAnyException();
        assertThatCode(() -> ApplianceBackup.requireHeapFor(352 * MIB, 512 * MIB))
                .doesNotThrowAnyException();
    }

    @Test
    void aStoreTooLargeForTheHeapIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> ApplianceBackup.requireHeapFor(400 * MIB, 512 * MIB))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("the store holds 400 MiB of live data")
                .hasMessageContaining("needs about 464 MiB of heap, of the appliance's 512 MiB (-Xmx)")
                .hasMessageContaining("raise -Xmx to at least 560 MiB");
        assertThatThrownBy(() -> ApplianceBackup.requireHeapFor(353 * MIB, 512 * MIB))
                .isInstanceOf(BackupException.class);
    }

    @Test
    void anUnknownSizeOrAnUnboundedHeapIsNotJudged() {
        assertThatCode(() -> ApplianceBackup.requireHeapFor(-1, 512 * MIB)).doesNotThrowAnyException();
        assertThatCode(() -> ApplianceBackup.requireHeapFor(10_000 * MIB, Long.MAX_VALUE))
                .doesNotThrowAnyException();
    }
}
