package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A force the disk fails (EIO, its writes dropped as Linux drops a failed writeback) breaks the store for good: the
 * round's commits and every later one are refused, none acknowledged, and a restart recovers every write acknowledged
 * before the failure. Before, the next round's force "succeeded" and acknowledged commits whose chunk pointed into the
 * dropped one.
 */
class FailedForceTest {
    @TempDir
    Path dir;

    @Test
    void aFailedForceBreaksTheStoreAndARestartKeepsEveryAcknowledgedWrite() throws Exception {
        SimulatedDisk disk = SimulatedDisk.install();
        Path file = dir.resolve("store");
        Database db = disk.openDatabase(file);
        try {
            db.transaction("create table", c -> c.createStatement().executeUpdate("CREATE TABLE t (v VARCHAR(40))"));
            insert(db, "acknowledged");
            assertThat(db.broken()).isNull();
            assertThat(db.reachable()).isTrue();

            disk.failNextForce();

            assertThatThrownBy(() -> insert(db, "in-the-failed-round"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("could not be made durable");
            assertThat(db.broken()).contains("restarts");
            long filesOpened = disk.channelsOpened();
            assertThat(db.reachable())
                    .as("readiness, and the watchdog that restarts the appliance")
                    .isFalse();
            assertThatThrownBy(() -> insert(db, "after-the-failure")).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> db.decision(
                            "gate",
                            () -> db.decisionTransaction("audit", c -> {
                                insertOn(c, "a-decision-after");
                                return null;
                            })))
                    .isInstanceOf(StoreException.class);

            // The pool replaces connections in the background (after failures, at their lifetime's end): none of the
            // new ones may open the file again, which H2 would do once it has dropped the broken database (a new H2
            // database on it would serve what the file holds, and write it when closed).
            ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().softEvictConnections();
            Thread.sleep(1000); // the pool's refill runs meanwhile
            assertThat(db.reachable()).isFalse();
            closeBroken(db);
            assertThat(disk.channelsOpened()).isEqualTo(filesOpened);
            disk.powerCut(new Random(7), true);
        } finally {
            closeBroken(db);
        }

        // The restart: H2 recovers the file as the disk holds it (a copy under a new name, as this JVM keeps the
        // dead database's name registered).
        Path restarted = dir.resolve("restarted");
        Files.copy(
                file.resolveSibling(file.getFileName() + ".mv.db"),
                restarted.resolveSibling(restarted.getFileName() + ".mv.db"));
        try (Database again = Database.openH2File(restarted)) {
            assertThat(values(again)).containsExactly("acknowledged");
            insert(again, "written-after-the-restart");
            assertThat(values(again)).containsExactlyInAnyOrder("acknowledged", "written-after-the-restart");
        }
    }

    private static void closeBroken(Database db) {
        try {
            db.close();
        } catch (RuntimeException expected) {
            // a broken store may fail to close: nothing of it is kept
        }
    }

    private static void insert(Database db, String v) {
        db.transaction("insert", c -> insertOn(c, v));
    }

    private static boolean insertOn(Connection c, String v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            ps.setString(1, v);
            return ps.executeUpdate() == 1;
        }
    }

    private static List<String> values(Database db) {
        return db.read("read", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
