package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transaction scopes a request uses: the batch's unit of work with per-item steps, and the gate's decision. */
class DatabaseTest {
    @TempDir
    Path dir;

    Database db;

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("tx"));
        db.transaction("create table", c -> c.createStatement().executeUpdate("CREATE TABLE t (v VARCHAR(20))"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Each connection keeps the parsed form of the statements it ran: H2's default of 8 re-parsed every release. */
    @Test
    void eachConnectionKeepsEnoughParsedStatements() {
        String size;
        try (Database h2 = Database.openH2File(dir.resolve("h2-settings"), 2)) { // H2's own setting, on any backend
            size = h2.transaction("read setting", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?");
                        ResultSet rs = withParameter(ps, "QUERY_CACHE_SIZE").executeQuery()) {
                    return rs.next() ? rs.getString(1) : "absent";
                }
            });
        }

        assertThat(size).isEqualTo(String.valueOf(Database.QUERY_CACHE_SIZE));
    }

    private static PreparedStatement withParameter(PreparedStatement ps, String value) throws java.sql.SQLException {
        ps.setString(1, value);
        return ps;
    }

    @Test
    void aRejectedStepRollsBackOnlyItsOwnWritesAndTheUnitCommitsTheRest() {
        db.unitOfWork("batch", () -> {
            assertThat(db.step("item 1", () -> insert("kept-1"), ok -> true)).isTrue();
            assertThat(db.step("item 2", () -> insert("dropped") && insert("dropped-too"), ok -> false))
                    .isTrue();
            return db.step("item 3", () -> insert("kept-3"), ok -> true);
        });

        assertThat(values()).containsExactly("kept-1", "kept-3");
    }

    @Test
    void aThrowingStepRollsBackItsWritesAndRethrows() {
        db.unitOfWork("batch", () -> {
            insert("before");
            assertThatThrownBy(() -> db.step(
                            "item",
                            () -> {
                                insert("half-done");
                                throw new IllegalStateException("boom");
                            },
                            ok -> true))
                    .hasMessage("boom");
            return null;
        });

        assertThat(values()).containsExactly("before");
    }

    @Test
    void aDecisionCommitsEvenWhenTheBatchAroundItIsRolledBack() {
        String result = db.unitOfWork("undo batch", () -> {
            insert("batch-write");
            db.decision("gate", () -> db.decisionTransaction("audit", c -> insertOn(c, "decision-write")));
            throw new Database.RollbackWith("undone");
        });

        assertThat(result).isEqualTo("undone");
        assertThat(values()).containsExactly("decision-write");
    }

    /** A decision's commit nested in a batch that has written waits for durability at the batch's end, even undone. */
    @Test
    void aNestedCommitsDurableWaitRunsAtTheEndOfAnUndoneBatch() {
        long before = db.durability().commits();

        db.unitOfWork("undo batch", () -> {
            insert("batch-write");
            db.decision("gate", () -> db.decisionTransaction("audit", c -> insertOn(c, "decision-write")));
            assertThat(db.durability().commits())
                    .as("not while the batch holds its writes")
                    .isEqualTo(before);
            throw new Database.RollbackWith("undone");
        });

        assertThat(db.durability().commits() - before).isEqualTo(1);
        db.unitOfWork("batch that writes nothing", () -> null);
        assertThat(db.durability().commits() - before)
                .as("nothing owed any more")
                .isEqualTo(1);
    }

    /**
     * A commit nested in a batch that holds row locks (the gate's decision, a refusal's audit record) must not wait for
     * durability before the batch ends: the syncer's store waits for every running statement, and another request's
     * statement waiting for one of those locks would hold it until H2's lock timeout (2 s) failed that statement.
     */
    @ParameterizedTest
    @ValueSource(strings = {"decision", "own transaction"})
    void aCommitNestedInABatchDoesNotHoldAnotherRequestWaitingForTheBatchsRowLock(String nested) throws Exception {
        db.transaction(
                "create",
                c -> c.createStatement().executeUpdate("CREATE TABLE locked (k INT PRIMARY KEY, v VARCHAR(20))"));
        db.transaction("seed", c -> c.createStatement().executeUpdate("INSERT INTO locked VALUES (1, 'seed')"));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> waiting = db.unitOfWork("batch", () -> {
                db.joinableTransaction("update", c -> setLocked(c, "batch"));
                Future<Integer> f = other.submit(() -> db.transaction("other update", c -> setLocked(c, "other")));
                awaitALockWaiter();
                if (nested.equals("decision")) {
                    db.decision("gate", () -> db.decisionTransaction("record", c -> insertOn(c, "decision")));
                } else {
                    db.transaction("refusal record", c -> insertOn(c, "refusal"));
                }
                return f;
            });

            assertThat(waiting.get(30, TimeUnit.SECONDS))
                    .as("the other request's update")
                    .isEqualTo(1);
            String last = db.read("read", c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT v FROM locked WHERE k = 1")) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
            assertThat(last).isEqualTo("other");
        } finally {
            other.shutdownNow();
        }
    }

    private static int setLocked(java.sql.Connection c, String v) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE locked SET v = ? WHERE k = 1")) {
            ps.setString(1, v);
            return ps.executeUpdate();
        }
    }

    /** Returns once a session of the store waits for a lock (at most 10 s). */
    private void awaitALockWaiter() {
        String sql = TestStores.onPostgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.read("lock waiters", c -> {
                    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                        return rs.next() ? rs.getLong(1) : 0L;
                    }
                })
                == 0) {
            assertThat(System.nanoTime())
                    .as("another session waits for the lock")
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void aThrowingDecisionLeavesNothingBehind() {
        assertThatThrownBy(() -> db.decision("gate", () -> {
                    db.decisionTransaction("nonce", c -> insertOn(c, "nonce-write"));
                    throw new IllegalStateException("audit unavailable");
                }))
                .hasMessage("audit unavailable");

        assertThat(values()).isEmpty();
    }

    @Test
    void aUnitOfWorksClosingWritesCommitWithItsChangesInOneDurableCommit() {
        long before = db.durability().commits();

        db.unitOfWork("batch", () -> {
            db.step("item", () -> insert("change"), ok -> true);
            return db.closingTransaction("audit", c -> insertOn(c, "its-record"));
        });

        assertThat(db.durability().commits() - before).isEqualTo(1);
        assertThat(values()).containsExactly("change", "its-record");
    }

    @Test
    void aClosingWriteThatFailsTakesTheUnitOfWorksChangesWithIt() {
        assertThatThrownBy(() -> db.unitOfWork("batch", () -> {
                    insert("change");
                    return db.closingTransaction(
                            "audit", c -> c.createStatement().executeUpdate("INSERT INTO no_such_table VALUES (1)"));
                }))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("database failed to audit");

        assertThat(values()).isEmpty(); // no change without its record
    }

    @Test
    void closingWritesInsideADecisionJoinTheDecisionNotTheBatch() {
        String result = db.unitOfWork("undo batch", () -> {
            insert("batch-write");
            db.decision("gate", () -> db.closingTransaction("audit", c -> insertOn(c, "decision-record")));
            throw new Database.RollbackWith("undone");
        });

        assertThat(result).isEqualTo("undone");
        assertThat(values()).containsExactly("decision-record");
    }

    /**
     * A transaction whose work fails, on a connection that then cannot roll back either, reports the work's failure (a
     * KMIP refusal stays that refusal), with the rollback's failure attached, not a store error in its place.
     */
    @Test
    void aFailedRollbackDoesNotHideTheWorksOwnFailure() {
        IllegalStateException refusal = new IllegalStateException("refused by the operation");

        assertThatThrownBy(() -> db.transaction("write", c -> {
                    insertOn(c, "never-committed");
                    endSession(c); // under the transaction: its rollback fails too
                    throw refusal;
                }))
                .isSameAs(refusal)
                .satisfies(e -> assertThat(e.getSuppressed()) // the rollback's failure (then the connection's close)
                        .anySatisfy(s -> assertThat(s.getStackTrace())
                                .anyMatch(frame -> frame.getMethodName().equals("rollback"))));

        // The connection whose rollback failed left the pool (H2's "already closed" is no fatal SQLState to it, so it
        // would have been handed out again): the store still serves, and the write was never committed.
        assertThat(values()).isEmpty();
    }

    /**
     * H2 closes an embedded database when its last connection closes; a pool that closes all of its own at once (an
     * eviction) must not close the store under the syncer, which could then never write again.
     */
    @Test
    void anEmbeddedStoreOutlivesItsPooledConnections() {
        try (Database h2 = Database.openH2File(dir.resolve("h2-pool"), 2)) { // H2's behaviour, on any backend
            h2.transaction("write", c -> c.createStatement().executeUpdate("CREATE TABLE u (v INT)"));

            // Every pooled connection closed, none opened in their place (an eviction refills the pool as it closes,
            // so whether H2 saw no connection at all would be left to timing).
            ((com.zaxxer.hikari.HikariDataSource) h2.dataSource()).close();

            assertThat(h2.size().fileBytes()).as("the syncer's store is open").isPositive();
            assertThat(h2.broken()).isNull();
        }
    }

    /** Ends c's database session from inside, as a crashed or killed session would end. */
    private static void endSession(java.sql.Connection c) throws java.sql.SQLException {
        if (!TestStores.onPostgres()) {
            c.unwrap(org.h2.jdbc.JdbcConnection.class).close();
            return;
        }
        try (var st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pg_backend_pid())");
        } catch (java.sql.SQLException expected) {
            // FATAL 57P01: the session ended while the statement ran, as asked
        }
    }

    @Test
    void outsideAUnitOfWorkAStepJustRuns() {
        assertThat(db.step("alone", () -> insert("alone"), ok -> false)).isTrue();
        assertThat(values()).containsExactly("alone"); // committed by its own joinable transaction
    }

    private boolean insert(String v) {
        return db.joinableTransaction("insert", c -> insertOn(c, v));
    }

    private static boolean insertOn(java.sql.Connection c, String v) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            ps.setString(1, v);
            return ps.executeUpdate() == 1;
        }
    }

    private List<String> values() {
        return db.transaction("read", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t ORDER BY v");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
