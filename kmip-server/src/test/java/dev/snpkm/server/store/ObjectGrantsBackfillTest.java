package dev.snpkm.server.store;

import static dev.snpkm.server.store.StoreFixtures.ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.DESTROYED;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A database created at schema V4, before the grant table, with granted objects in it: opening it fills the table from
 * every object's x-authorized-client values, destroyed objects included, so Locate lists them to their grantees.
 */
class ObjectGrantsBackfillTest {
    private static final String FINGERPRINT = "cd".repeat(32);

    @TempDir
    Path dir;

    @Test
    void openingAV4DatabaseFillsTheGrantTableFromEveryObjectsGrants() throws Exception {
        TestStores.Location at = TestStores.location(dir.resolve("store"));
        Flyway.configure()
                .dataSource(at.url(), at.user(), at.password())
                .locations("classpath:db/migration")
                .javaMigrations(new ObjectNamesBackfill())
                .target("4")
                .load()
                .migrate();
        String longDn = "CN=" + "x".repeat(SearchFields.GRANTEE_MAX);
        try (Connection c = at.connect()) {
            insert(c, "old-1", "CN=admin", ACTIVE, 1, "CN=vm1", FINGERPRINT);
            insert(c, "old-2", "CN=admin", DESTROYED, 2, "CN=vm1"); // destroyed: its grants stay
            insert(c, "old-3", "CN=admin", ACTIVE, 3, "CN=vm2", "CN=vm2"); // one grantee twice: one row
            insert(c, "old-4", "CN=admin", ACTIVE, 4, longDn, "CN=vm3"); // too long for the column: left out
            insert(c, "old-5", "CN=admin", ACTIVE, 5); // no grant
            StoreFixtures.insertAtRest(c, "old-6", "CN=admin", ACTIVE, 6, "disk", new byte[] {1, 2, 3});
        }

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ObjectGrantsBackfill.class);
        logger.addAppender(log);
        try (Database db = TestStores.open(dir.resolve("store"))) {
            // V5 table, V6 backfill, V7 audit key, V8 revocations, V9 index keys
            assertThat(db.migrationsApplied()).isEqualTo(6);
            JdbcObjectStore store = StoreFixtures.store(db);

            assertThat(grantedTo(store, "CN=vm1")).containsExactly("old-1", "old-2");
            assertThat(grantedTo(store, FINGERPRINT)).containsExactly("old-1");
            assertThat(grantedTo(store, "CN=vm2")).containsExactly("old-3");
            assertThat(grantedTo(store, "CN=vm3")).containsExactly("old-4");
            assertThat(grantedTo(store, longDn)).isEmpty();
        } finally {
            logger.detachAppender(log);
        }

        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "event=grant_backfill_overlong objects=1 max_chars=1024 note=\"Locate does not list "
                                + "them to the grantee\"",
                        "event=grant_backfill_unreadable objects=1 note=\"their grants are "
                                + "not in the grant table\"");
    }

    private static List<String> grantedTo(JdbcObjectStore store, String grantee) {
        return store.locate(LocateQuery.all().ownerOrGrantedTo("CN=nobody", List.of(grantee))).stream()
                .map(StoredObject::uid)
                .toList();
    }

    private static void insert(Connection c, String uid, String owner, int state, int age, String... grantees)
            throws Exception {
        List<Attribute> attributes = new ArrayList<>(List.of(Attribute.of("Name", Name.text("disk"))));
        for (String g : grantees) {
            attributes.add(Attribute.of("x-authorized-client", Ttlv.text(Tag.ATTRIBUTE_VALUE, g)));
        }
        StoreFixtures.insertAtRest(c, uid, owner, state, age, "disk", new Attributes(attributes));
    }
}
