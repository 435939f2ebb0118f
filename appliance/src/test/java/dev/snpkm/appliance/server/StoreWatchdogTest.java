package dev.snpkm.appliance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.SimulatedDisk;
import dev.snpkm.server.store.StoreException;
import dev.snpkm.server.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real H2 file store: a healthy store is left alone, a closed one ends the process (once). */
class StoreWatchdogTest {
    @Test
    void aClosedStoreEndsTheProcessAfterThreeFailedProbesAndOnlyOnce(@TempDir Path dir) throws Exception {
        Database db = Database.openH2File(dir.resolve("store"));
        CountDownLatch dead = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger failedProbes = new AtomicInteger();
        try (StoreWatchdog watchdog = StoreWatchdog.start(
                () -> {
                    probes.incrementAndGet();
                    boolean reachable = reachable(db);
                    if (!reachable) {
                        failedProbes.incrementAndGet();
                    }
                    return reachable;
                },
                Duration.ofMillis(50),
                3,
                () -> {
                    calls.incrementAndGet();
                    dead.countDown();
                })) {
            Await.until(() -> probes.get() >= 3, 10);
            assertThat(calls).hasValue(0); // healthy: several probes, no verdict
            assertThat(failedProbes).hasValue(0);

            db.close(); // the store is gone, as after H2 closed it on a fatal error

            assertThat(dead.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(failedProbes.get()).isGreaterThanOrEqualTo(3);
            Thread.sleep(300);
            assertThat(calls).hasValue(1);
        }
    }

    /** A force the disk fails breaks the store for good: the probe the appliance uses says so, and the process ends. */
    @Test
    void aStoreBrokenByAFailedForceEndsTheProcess(@TempDir Path dir) throws Exception {
        SimulatedDisk disk = SimulatedDisk.install();
        Database db = disk.openDatabase(dir.resolve("store"));
        CountDownLatch dead = new CountDownLatch(1);
        try (StoreWatchdog watchdog = StoreWatchdog.start(db::reachable, Duration.ofMillis(50), 3, dead::countDown)) {
            db.transaction("create", c -> c.createStatement().executeUpdate("CREATE TABLE t (v INT)"));
            assertThat(dead.await(300, TimeUnit.MILLISECONDS)).isFalse(); // healthy: no verdict

            disk.failNextForce();
            assertThatThrownBy(() -> db.transaction(
                            "insert", c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (1)")))
                    .isInstanceOf(StoreException.class);

            assertThat(dead.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            try {
                db.close();
            } catch (RuntimeException expected) {
                // the store is broken: closing it may fail
            }
        }
    }

    private static boolean reachable(Database db) {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (Exception e) {
            return false;
        }
    }
}
