package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database restarts (as on a failover) under an open store: the pool's broken connections are replaced and the
 * store works again without reopening it. A request in the gap may fail, with a {@link StoreException}, never with
 * lost or half-written data.
 */
class DatabaseRestartPostgresIT {
    private static final int ATTEMPTS = 20;

    @Test
    void anOpenStoreRecoversWhenTheDatabaseRestarts() throws Exception {
        TestPostgres pg = TestPostgres.get();
        try (Database db =
                PostgresDatabase.open(pg.createDatabase("restart"), TestPostgres.USER, pg.passwordFile(), 4)) {
            JdbcObjectStore store = StoreFixtures.store(db);
            StoredObject before =
                    store.create(StoreFixtures.aesKey("before", "CN=vm", "ops", StoreFixtures.material(1)));

            pg.restart();

            List<String> failures = new ArrayList<>();
            StoredObject after = null;
            for (int i = 0; i < ATTEMPTS && after == null; i++) {
                try {
                    after = store.create(StoreFixtures.aesKey("after", "CN=vm", "ops", StoreFixtures.material(2)));
                } catch (StoreException e) {
                    failures.add(e.getMessage());
                    Thread.sleep(250);
                }
            }
            System.out.printf("database restart: %d failed store call(s) before recovery%n", failures.size());
            assertThat(after).as("store calls after the restart: %s", failures).isNotNull();
            assertThat(store.material(before.uid())).isEqualTo(StoreFixtures.material(1));
            assertThat(store.material(after.uid())).isEqualTo(StoreFixtures.material(2));
            assertThat(store.locate(LocateQuery.all().owner("CN=vm").maxItems(10)))
                    .hasSize(2);
        }
    }
}
