package dev.snpkm.server.store;

import static dev.snpkm.server.store.StoreFixtures.ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.DESTROYED;
import static dev.snpkm.server.store.StoreFixtures.aesKey;
import static dev.snpkm.server.store.StoreFixtures.material;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A database created at schema V2, before the name table, with named objects in it: opening it fills the table from
 * every live object's Names (not only the first, which is all the name column holds), and a clash is then refused.
 */
class ObjectNamesBackfillTest {
    @TempDir
    Path dir;

    @Test
    void openingAV2DatabaseFillsTheNameTableFromEveryLiveObjectsNames() throws Exception {
        TestStores.Location at = TestStores.location(dir.resolve("store"));
        Flyway.configure()
                .dataSource(at.url(), at.user(), at.password())
                .locations("classpath:db/migration")
                .target("2")
                .load()
                .migrate();
        try (Connection c = at.connect()) {
            insert(c, "old-1", "CN=vm1", ACTIVE, 1, "first", "second"); // the second Name is only in the blob
            insert(c, "old-2", "CN=vm1", ACTIVE, 2, "first"); // an existing clash: old-1 keeps it
            insert(c, "old-3", "CN=vm1", DESTROYED, 3, "gone"); // destroyed: no longer holds it
            insert(c, "old-4", "CN=vm2", ACTIVE, 4, "first");
            insert(c, "old-5", "CN=vm3", ACTIVE, 5, "twice", "twice"); // one object holding a name twice
        }

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ObjectNamesBackfill.class);
        logger.addAppender(log);
        try (Database db = TestStores.open(dir.resolve("store"))) {
            assertThat(db.migrationsApplied())
                    .isEqualTo(
                            8); // V3 table, V4 backfill, V5 and V6 grants, V7 audit key, V8 revocations, V9 keys, V10
            // key check
            JdbcObjectStore store = StoreFixtures.store(db);

            for (String taken : List.of("first", "second")) {
                assertThatThrownBy(() -> store.create(aesKey(taken, "CN=vm1", "ops", material(9))))
                        .isInstanceOf(NameInUseException.class)
                        .hasMessageContaining(taken);
            }
            assertThatThrownBy(() -> store.create(aesKey("twice", "CN=vm3", "ops", material(9))))
                    .isInstanceOf(NameInUseException.class);
            assertThatThrownBy(() -> store.create(aesKey("first", "CN=vm2", "ops", material(9))))
                    .isInstanceOf(NameInUseException.class);
            store.create(aesKey("gone", "CN=vm1", "ops", material(9)));
            // The clashing object is left out of the table, not changed: an edit that leaves its Names alone goes
            // through without touching the table, one that claims the name again is refused, a rename goes through.
            store.updateAttributes(
                    "old-2",
                    new SearchFields("first", null, null, null),
                    StoredAttributes.encode(named("first")),
                    Set.of());
            assertThatThrownBy(() -> store.updateAttributes(
                            "old-2",
                            new SearchFields("first", null, null, null),
                            StoredAttributes.encode(named("first"))))
                    .isInstanceOf(NameInUseException.class);
            store.updateAttributes(
                    "old-2", new SearchFields("renamed", null, null, null), StoredAttributes.encode(named("renamed")));
        } finally {
            logger.detachAppender(log);
        }

        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getFormattedMessage())
                            .startsWith(
                                    "event=name_backfill_clash owners=2 note=\"each had two live objects with one Name")
                            .doesNotContain("first")
                            .doesNotContain("twice")
                            .doesNotContain("CN=");
                });
    }

    private static void insert(Connection c, String uid, String owner, int state, int age, String... names)
            throws Exception {
        StoreFixtures.insertAtRest(c, uid, owner, state, age, names[0], named(names));
    }

    private static Attributes named(String... names) {
        return new Attributes(Arrays.stream(names)
                .map(n -> Attribute.of("Name", Name.text(n)))
                .toList());
    }
}
