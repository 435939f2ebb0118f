package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: writes are refused with a message that says the store is full, before they change anything; reads keep
 * working; nothing acknowledged is lost; writes resume by themselves once space returns. The disk is a
 * {@link SimulatedDisk} reporting little free space and failing every file write with "No space left on device", so
 * any write the store still attempted would close it and fail the reads.
 */
class DiskFullTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void writesAreRefusedReadsWorkAndWritesResumeWhenSpaceReturns() throws Exception {
        SimulatedDisk disk = SimulatedDisk.install();
        String location =
                SimulatedDiskFilePath.SCHEME + ":" + dir.resolve("full").toAbsolutePath();
        JdbcObjectStore store;
        StoredObject kept;
        try (Database db =
                Database.openH2(location, 8, Database.H2_WRITE_DELAY_MS, new WriteAdmission(disk::usableBytes))) {
            store = StoreFixtures.store(db);
            kept = store.create(StoreFixtures.aesKey("kept", "CN=full", "v0", StoreFixtures.material(1)));

            disk.usableBytes(10 * MB);
            awaitFull(db, true);
            // What a compaction pass begun before the admission saw the low space rewrote goes out with the syncer's
            // next round, inside the reserve (WriteAdmission's doc); no compaction runs after it while writes are
            // refused. Only then does the disk refuse every write: any later write (an idle round's, compaction's)
            // would fail and break the store (StoreFullOverKmipTest does the same).
            db.durability().awaitDurable();
            disk.full(true);
            assertThat(db.fullReason()).contains("the store is full", "10 MB free");
            assertThatThrownBy(() ->
                            store.create(StoreFixtures.aesKey("refused", "CN=full", "v0", StoreFixtures.material(2))))
                    .isInstanceOf(StoreFullException.class)
                    .hasMessageContaining("the store is full");
            assertThatThrownBy(() -> store.updateAttributes(
                            kept.uid(),
                            new SearchFields("kept", StoreFixtures.AES, 256, "disks"),
                            StoreFixtures.attributes("kept", "v1"),
                            Set.of()))
                    .isInstanceOf(StoreFullException.class);
            assertThatThrownBy(() -> store.destroyMaterial(kept.uid(), StoreFixtures.DESTROYED))
                    .isInstanceOf(StoreFullException.class);
            Thread.sleep(3 * Database.IDLE_SYNC_MS); // idle rounds and compaction must not write either

            assertThat(store.get(kept.uid())).isPresent();
            assertThat(store.material(kept.uid())).isEqualTo(StoreFixtures.material(1));
            assertThat(store.locate(LocateQuery.all().owner("CN=full")))
                    .extracting(StoredObject::uid)
                    .containsExactly(kept.uid());

            disk.full(false);
            disk.usableBytes(80 * MB); // above the stop mark, below the resume mark: still refused
            Thread.sleep(2 * WriteAdmission.PROBE_NANOS / 1_000_000);
            assertThat(db.full()).isTrue();
            disk.usableBytes(1024 * MB);
            awaitFull(db, false);
            store.create(StoreFixtures.aesKey("after", "CN=full", "v0", StoreFixtures.material(3)));
            store.updateAttributes(
                    kept.uid(),
                    new SearchFields("kept", StoreFixtures.AES, 256, "disks"),
                    StoreFixtures.attributes("kept", "v2"),
                    Set.of());
        }
        try (Database reopened =
                Database.openH2(location, 8, Database.H2_WRITE_DELAY_MS, new WriteAdmission(disk::usableBytes))) {
            JdbcObjectStore again = StoreFixtures.store(reopened);
            assertThat(again.locate(LocateQuery.all().owner("CN=full")))
                    .extracting(o -> o.searchFields().name())
                    .containsExactlyInAnyOrder("kept", "after");
            assertThat(again.material(kept.uid())).isEqualTo(StoreFixtures.material(1));
        }
    }

    private static void awaitFull(Database db, boolean full) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (db.full() != full && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(db.full()).isEqualTo(full);
    }
}
