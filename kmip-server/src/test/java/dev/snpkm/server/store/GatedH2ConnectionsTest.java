package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GatedH2ConnectionsTest {
    /** A waiting store holds new transactions back for a minute here: long enough to see who waits. */
    private final StoreGate gate = new StoreGate(TimeUnit.MINUTES.toNanos(1));

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:gated-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        c = new GatedH2Connections(h2, gate).getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO t VALUES (1, 1)");
        }
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        try (Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void onlyAPlainSelectIsReadOnly() {
        assertThat(GatedH2Connections.mayWrite("SELECT v FROM t WHERE id = ?")).isFalse();
        assertThat(GatedH2Connections.mayWrite("  select\n v from t")).isFalse();
        assertThat(GatedH2Connections.mayWrite("SELECT v FROM t WHERE id = ? FOR UPDATE"))
                .isTrue();
        assertThat(GatedH2Connections.mayWrite("select v from t for\n update")).isTrue();
        assertThat(GatedH2Connections.mayWrite("INSERT INTO t VALUES (2, 2)")).isTrue();
        assertThat(GatedH2Connections.mayWrite("UPDATE t SET v = 3")).isTrue();
        assertThat(GatedH2Connections.mayWrite("DELETE FROM t")).isTrue();
        assertThat(GatedH2Connections.mayWrite("WITH x AS (SELECT 1) SELECT * FROM x"))
                .isTrue();
        assertThat(GatedH2Connections.mayWrite("SELECTED_THINGS()")).isTrue();
        assertThat(GatedH2Connections.mayWrite("SELECT id FROM FINAL TABLE (INSERT INTO t VALUES (3, 3))"))
                .isTrue();
        assertThat(GatedH2Connections.mayWrite("SELECT NEXT VALUE FOR s")).isTrue();
        assertThat(GatedH2Connections.mayWrite("SELECT updated_at, update_count FROM t"))
                .isFalse();
        assertThat(GatedH2Connections.mayWrite(null)).isTrue();
        // Asked again, the remembered verdicts are the same.
        assertThat(GatedH2Connections.mayWrite("SELECT v FROM t WHERE id = ?")).isFalse();
        assertThat(GatedH2Connections.mayWrite("SELECT v FROM t WHERE id = ? FOR UPDATE"))
                .isTrue();
    }

    /**
     * The online backup's SCRIPT, on a transaction that has written nothing, reads: a store (and every commit waiting
     * for it) never waits for a whole dump. On one that has written it is gated (H2 commits the transaction after it).
     */
    @Test
    void theBackupsScriptIsAReadAndRunsDuringAStore() throws Exception {
        assertThat(GatedH2Connections.isPlainScript("SCRIPT")).isTrue();
        assertThat(GatedH2Connections.isPlainScript(" script\n")).isTrue();
        assertThat(GatedH2Connections.isPlainScript("SCRIPT TO 'dump.sql'")).isFalse(); // options: a write
        assertThat(GatedH2Connections.mayWrite("SCRIPT TO 'dump.sql'")).isTrue();
        assertThat(GatedH2Connections.mayWrite("RUNSCRIPT FROM 'dump.sql'")).isTrue();

        HeldStore store = holdStore();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SCRIPT")) {
            int lines = 0;
            boolean row = false;
            while (rs.next()) {
                lines++;
                row |= rs.getString(1).contains("INSERT INTO");
            }
            assertThat(lines).isPositive();
            assertThat(row).as("the table's row is in the dump").isTrue(); // on this thread, during the store
        }
        store.finish();

        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE t SET v = 7 WHERE id = 1");
        }
        HeldStore secondStore = holdStore();
        CompletableFuture<Void> afterAWrite = CompletableFuture.runAsync(
                () -> {
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("SCRIPT").close();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                threads);
        Thread.sleep(100);
        assertThat(afterAWrite).as("a SCRIPT after a write ran during a store").isNotDone();
        secondStore.finish();
        afterAWrite.get(5, TimeUnit.SECONDS);
        c.setAutoCommit(true);
    }

    /** Once the store broke, no connection is opened: it would make H2 open the dropped database's file again. */
    @Test
    void aShutGateRefusesNewConnections() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:shut-" + System.nanoTime());
        GatedH2Connections connections = new GatedH2Connections(h2, gate);
        connections.getConnection().close();

        gate.shut();

        assertThatThrownBy(connections::getConnection)
                .isInstanceOf(java.sql.SQLException.class)
                .hasMessageContaining("the store is broken");
    }

    /** A store running in the gate (on another thread) until {@link #finish}. */
    private record HeldStore(CompletableFuture<Void> running, CountDownLatch release) {
        void finish() throws Exception {
            release.countDown();
            running.get(5, TimeUnit.SECONDS);
        }
    }

    /** Starts a store in the gate and returns once it runs. */
    private HeldStore holdStore() throws InterruptedException {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> running = CompletableFuture.runAsync(
                () -> gate.alone(() -> {
                    storing.countDown();
                    Await.released(release, 10);
                }),
                threads);
        assertThat(storing.await(5, TimeUnit.SECONDS)).isTrue();
        return new HeldStore(running, release);
    }

    @Test
    void writesAndCommitsWaitForAStoreAndPlainReadsDoNot() throws Exception {
        HeldStore store = holdStore();
        try (PreparedStatement read = c.prepareStatement("SELECT v FROM t WHERE id = 1");
                ResultSet rs = read.executeQuery()) {
            assertThat(rs.next()).isTrue(); // on this thread, during the store: reads do not wait
        }
        CompletableFuture<Integer> update = CompletableFuture.supplyAsync(
                () -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v = 2 WHERE id = 1")) {
                        return ps.executeUpdate();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                threads);
        Thread.sleep(100);
        assertThat(update).as("an update ran during a store").isNotDone();
        store.finish();
        assertThat(update.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aTransactionThatWroteIsKnownToHaveWrittenUntilItEnds() throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement("SELECT v FROM t WHERE id = 1 FOR UPDATE")) {
            lock.executeQuery().close();
        }
        // A store now waiting does not hold this transaction's commit back (it may hold row locks).
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(
                () -> gate.inside(true, () -> {
                    inside.countDown();
                    Await.released(done, 10);
                }),
                threads);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> store = CompletableFuture.runAsync(() -> gate.alone(() -> {}), threads);
        Await.until(gate::storeWaiting, 5);
        assertThat(store).isNotDone();
        CompletableFuture.runAsync(this::commit, threads).get(5, TimeUnit.SECONDS);
        // A new transaction's first write does wait for the store.
        CompletableFuture<Void> fresh = CompletableFuture.runAsync(
                () -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v = 5 WHERE id = 1")) {
                        ps.executeUpdate();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                threads);
        Thread.sleep(100);
        assertThat(fresh)
                .as("a new transaction's write ran while a store waited")
                .isNotDone();
        done.countDown();
        CompletableFuture.allOf(other, store, fresh).get(5, TimeUnit.SECONDS);
        c.rollback();
        c.setAutoCommit(true);
    }

    @Test
    void unwrapReachesH2() throws Exception {
        assertThat(c.unwrap(JdbcConnection.class)).isInstanceOf(JdbcConnection.class);
        assertThat(c.isWrapperFor(Connection.class)).isTrue();
        try (Statement s = c.createStatement()) {
            assertThat(s.getConnection()).isSameAs(c);
        }
    }

    private void commit() {
        try {
            c.commit();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
