package dev.snpkm.appliance.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The online backup's copy of the store is one point in time while writes go on. */
class StoreBackupTest {
    /** A row's first value, its id: "(7)" in table B, "(7, 'x')" in table A, "(-3, 'ppp...')" for A's filler. */
    private static final Pattern ROW = Pattern.compile("\\((-?\\d+)[,)]");

    /**
     * A writer commits a row into each of two tables in one transaction while the store is copied: every copy holds
     * both rows of a pair or neither. H2's REPEATABLE READ took no snapshot for SCRIPT (it names no table), so each
     * table was read as of its own scan, and a copy could hold half a transaction.
     */
    @Test
    void eachCopyHoldsWholeTransactionsOnly(@TempDir Path dir) throws Exception {
        try (Database db = Database.openH2File(dir.resolve("store"), 4)) {
            db.transaction("schema", c -> {
                c.createStatement().executeUpdate("CREATE TABLE a (id INT PRIMARY KEY, pad VARCHAR(200))");
                c.createStatement().executeUpdate("CREATE TABLE b (id INT PRIMARY KEY)");
                // A first table slow enough to scan that commits land while it is read.
                c.createStatement()
                        .executeUpdate("INSERT INTO a SELECT -X, REPEAT('p', 200) FROM SYSTEM_RANGE(1, 20000)");
                return null;
            });
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger committed = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 1; !stop.get() && i < 1_000_000; i++) {
                    int id = i;
                    db.transaction("pair", c -> {
                        try (PreparedStatement pa = c.prepareStatement("INSERT INTO a VALUES (?, 'x')");
                                PreparedStatement pb = c.prepareStatement("INSERT INTO b VALUES (?)")) {
                            pa.setInt(1, id);
                            pa.executeUpdate();
                            pb.setInt(1, id);
                            return pb.executeUpdate();
                        }
                    });
                    committed.incrementAndGet();
                }
            });
            writer.start();
            try {
                for (int copy = 0; copy < 15; copy++) {
                    List<String> script = script(db);
                    java.util.SortedSet<Integer> inA = positiveIds(script, "\"A\"");
                    java.util.SortedSet<Integer> inB = positiveIds(script, "\"B\"");
                    assertThat(inA)
                            .as("copy %d: pairs in table A against table B", copy)
                            .isEqualTo(inB);
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(committed.get()).as("pairs committed during the copies").isPositive();
        }
    }

    /** The whole script, read statement by statement as a backup reads it. */
    private static List<String> script(Database db) throws BackupException {
        List<String> statements = new ArrayList<>();
        try (StoreBackup.Script script = StoreBackup.open(db.dataSource())) {
            for (String s; (s = script.next()) != null; ) {
                statements.add(s);
            }
        }
        return statements;
    }

    /** The ids of a table's rows in the script (the first table's filler rows are negative). */
    private static java.util.SortedSet<Integer> positiveIds(List<String> script, String table) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (String statement : script) {
            if (statement.startsWith("INSERT INTO \"PUBLIC\"." + table)) {
                Matcher m = ROW.matcher(statement);
                while (m.find()) {
                    int id = Integer.parseInt(m.group(1));
                    if (id > 0) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }
}
