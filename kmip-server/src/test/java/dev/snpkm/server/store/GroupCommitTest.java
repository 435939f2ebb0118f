package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.metrics.StoreMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every commit waits for a forced write, and concurrent commits share one (group commit), as the metrics show. */
class GroupCommitTest {
    private static final int THREADS = 16;
    private static final int CREATES_EACH = 40;

    @TempDir
    Path dir;

    @Test
    void concurrentCommitsShareSyncsAndEveryCommitIsCounted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = Database.openH2File(dir.resolve("group"), Database.poolSizeFor(THREADS))) {
            StoreMetrics.bind(meters, db);
            JdbcObjectStore store = StoreFixtures.store(db);
            double commitsBefore =
                    meters.get(StoreMetrics.COMMITS).functionCounter().count();
            double syncsBefore =
                    meters.get(StoreMetrics.SYNCS).functionCounter().count();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<List<String>>> created = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    created.add(pool.submit(() -> {
                        List<String> uids = new ArrayList<>();
                        for (int i = 0; i < CREATES_EACH; i++) {
                            uids.add(store.create(StoreFixtures.aesKey(
                                            "g-" + thread + "-" + i,
                                            "CN=group",
                                            "x",
                                            StoreFixtures.material(thread * 1000L + i)))
                                    .uid());
                        }
                        return uids;
                    }));
                }
                for (Future<List<String>> f : created) {
                    assertThat(f.get()).hasSize(CREATES_EACH);
                }
            } finally {
                pool.shutdownNow();
            }
            double commits = meters.get(StoreMetrics.COMMITS).functionCounter().count() - commitsBefore;
            double syncs = meters.get(StoreMetrics.SYNCS).functionCounter().count() - syncsBefore;
            assertThat(commits).isEqualTo(THREADS * CREATES_EACH);
            assertThat(syncs).as("syncs for %s commits", commits).isPositive().isLessThan(commits);
            double file = meters.get(StoreMetrics.FILE_BYTES).gauge().value();
            double live = meters.get(StoreMetrics.LIVE_BYTES).gauge().value();
            assertThat(file).isEqualTo(java.nio.file.Files.size(dir.resolve("group.mv.db")));
            assertThat(live).isPositive().isLessThanOrEqualTo(file);
        }
    }

    @Test
    void aCommitReturnsOnlyAfterTheSyncerForcedIt() {
        try (Database db = Database.openH2File(dir.resolve("one"))) {
            long syncsBefore = db.durability().syncs();
            StoreFixtures.store(db).create(StoreFixtures.aesKey("one", "CN=group", "x", StoreFixtures.material(1)));
            assertThat(db.durability().syncs()).isGreaterThan(syncsBefore);
        }
    }

    @Test
    void h2MakesNoStoreOfItsOwnEvenAfterNewConnections() throws Exception {
        try (Database db = Database.openH2File(dir.resolve("own"), 8)) {
            // Every pooled connection open at once: H2 applies a URL's settings again on each new one.
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    open.add(db.dataSource().getConnection());
                }
            } finally {
                for (Connection c : open) {
                    c.close();
                }
            }
            StoreFixtures.store(db).create(StoreFixtures.aesKey("o", "CN=group", "x", StoreFixtures.material(3)));
            try (Connection c = db.dataSource().getConnection()) {
                MVStore store = H2Stores.mvStore(c);
                assertThat(store.getAutoCommitMemory())
                        .as("unsaved bytes at which H2 would store on a writing thread")
                        .isEqualTo(H2OwnStores.UNSAVED_LIMIT);
                assertThat(store.getAutoCommitDelay())
                        .as("H2's background writer's delay")
                        .isEqualTo(Database.H2_WRITE_DELAY_MS);
            }
        }
    }
}
