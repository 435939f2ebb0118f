package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Locate visits its rows as PostgreSQL sends them, a fetch at a time, not after the driver has received the whole
 * result: pgjdbc honours a fetch size only inside a transaction, so in auto-commit a Locate over a large store held
 * every matching row in the driver however few it kept.
 */
class LocateStreamsOnPostgresIT {
    private static final TestPostgres PG = TestPostgres.get();
    private static final int OBJECTS = 250; // more than two fetches of 100

    @Test
    void aLocateOutsideAUnitOfWorkHasReceivedOnlyItsFirstFetchWhenItVisitsTheFirstRow() throws Exception {
        String url = PG.createDatabase("locate streams");
        try (Database db = PostgresDatabase.open(url, TestPostgres.USER, PG.passwordFile(), 4);
                Connection observer = DriverManager.getConnection(url, TestPostgres.USER, PG.password())) {
            JdbcObjectStore store = StoreFixtures.store(db);
            for (int i = 0; i < OBJECTS; i++) {
                store.create(StoreFixtures.aesKey("disk-" + i, "CN=vm", "ops", StoreFixtures.material(i)));
            }
            assertThat(uids(store))
                    .as("every object, each once")
                    .hasSize(OBJECTS)
                    .doesNotHaveDuplicates();

            // At the first row, end every other session of this database, the scanning one included: rows the driver
            // already holds are still visited, the next fetch fails.
            List<String> seen = new ArrayList<>();
            List<String> scannerStates = new ArrayList<>();
            assertThatThrownBy(() -> store.scan(LocateQuery.all(), row -> {
                        if (seen.isEmpty()) {
                            scannerStates.addAll(endOtherSessions(observer));
                        }
                        seen.add(row.uid());
                    }))
                    .as("the scan needs its session after the first fetch")
                    .isInstanceOf(StoreException.class);
            assertThat(seen)
                    .as("only the first fetch of the result had arrived when the first row was visited; in auto-commit"
                            + " the driver held all " + OBJECTS + " rows and the scan finished without its session")
                    .hasSizeLessThan(OBJECTS)
                    .isNotEmpty();
            assertThat(scannerStates)
                    .as("the scanning session waited inside its read-only transaction, its portal suspended")
                    .contains("idle in transaction");
        }
    }

    private static List<String> uids(JdbcObjectStore store) {
        List<String> uids = new ArrayList<>();
        store.scan(LocateQuery.all(), row -> uids.add(row.uid()));
        return uids;
    }

    /** Terminates every other session of this database, returning their states just before. */
    private static List<String> endOtherSessions(Connection observer) {
        List<String> states = new ArrayList<>();
        try (Statement s = observer.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                states.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return states;
    }
}
