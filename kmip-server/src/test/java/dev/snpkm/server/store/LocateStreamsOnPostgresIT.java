package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aLocateOutsideAUnitOfWorkReadsItsRowsAFetchAtATime() throws Exception {
        String url = PG.createDatabase("locate streams");
        try (Database db = PostgresDatabase.open(url, TestPostgres.USER, PG.passwordFile(), 4);
                Connection observer = DriverManager.getConnection(url, TestPostgres.USER, PG.password())) {
            JdbcObjectStore store = StoreFixtures.store(db);
            for (int i = 0; i < OBJECTS; i++) {
                store.create(StoreFixtures.aesKey("disk-" + i, "CN=vm", "ops", StoreFixtures.material(i)));
            }
            List<String> seen = new ArrayList<>();
            List<String> scannerStates = new ArrayList<>();
            store.scan(LocateQuery.all(), row -> {
                if (seen.isEmpty()) {
                    scannerStates.addAll(otherSessionsStates(observer));
                }
                seen.add(row.uid());
            });

            assertThat(seen)
                    .as("every object visited, each once")
                    .hasSize(OBJECTS)
                    .doesNotHaveDuplicates();
            assertThat(scannerStates)
                    .as("while the first row is visited, the scanning session still holds the rest of the result "
                            + "in an open transaction (a portal suspended after one fetch); in auto-commit it would "
                            + "be idle, its whole result already in the driver")
                    .contains("idle in transaction");
        }
    }

    /** The state of every other client session of this database whose last statement was a SELECT. */
    private static List<String> otherSessionsStates(Connection observer) {
        List<String> states = new ArrayList<>();
        try (Statement s = observer.createStatement();
                ResultSet rs = s.executeQuery("SELECT state FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid() AND query LIKE 'SELECT%'")) {
            while (rs.next()) {
                states.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return states;
    }
}
