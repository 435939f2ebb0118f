package dev.snpkm.server.store;

import static dev.snpkm.server.store.StoreFixtures.ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.aesKey;
import static dev.snpkm.server.store.StoreFixtures.attributes;
import static dev.snpkm.server.store.StoreFixtures.material;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema V9 keys the rows stored before it, so Locate finds them and uniqueness holds over the keys. */
class LongValueKeysTest {
    @TempDir
    Path dir;

    @Test
    void openingAV8DatabaseKeysItsObjectsNamesAndGrants() throws Exception {
        TestStores.Location at = TestStores.location(dir.resolve("store"));
        Flyway.configure()
                .dataSource(at.url(), at.user(), at.password())
                .locations("classpath:db/migration")
                .javaMigrations(new ObjectNamesBackfill(), new ObjectGrantsBackfill())
                .target("8")
                .load()
                .migrate();
        try (Connection c = at.connect()) {
            StoreFixtures.insertAtRest(
                    c, "old-1", "CN=vm1", ACTIVE, 1, "disk-1", TtlvEncoder.encode(attributes("disk-1", "ops")));
            StoreFixtures.insertAtRest(
                    c, "old-2", "CN=vm1", ACTIVE, 2, "disk-2", TtlvEncoder.encode(attributes("disk-2", "ops")));
            try (PreparedStatement ps = c.prepareStatement( // the V3 key: the name's SHA-256 already
                    "INSERT INTO object_name (owner, name_sha256, uid) VALUES ('CN=vm1', ?, 'old-1')")) {
                ps.setBytes(1, IndexKey.of("disk-1"));
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO object_grant (uid, grantee) VALUES ('old-1', 'CN=vm2')")) {
                ps.executeUpdate();
            }
        }

        try (Database db = TestStores.open(dir.resolve("store"))) {
            assertThat(db.migrationsApplied()).isEqualTo(2); // V9 keys, V10 master key check
            JdbcObjectStore store = StoreFixtures.store(db);

            assertThat(uids(store, LocateQuery.all().owner("CN=vm1"))).containsExactly("old-1", "old-2");
            assertThat(uids(store, LocateQuery.all().name("disk-2"))).containsExactly("old-2");
            assertThat(uids(store, LocateQuery.all().owner("CN=vm1").name("disk-1")))
                    .containsExactly("old-1");
            assertThat(uids(store, LocateQuery.all().ownerOrGrantedTo("CN=vm3", List.of("CN=vm2"))))
                    .containsExactly("old-1");
            assertThatThrownBy(() -> store.create(aesKey("disk-1", "CN=vm1", "ops", material(1))))
                    .isInstanceOf(NameInUseException.class);
            assertThatThrownBy(() -> db.transaction("grant again", c -> {
                        ObjectGrants.grant(c, "old-1", List.of("CN=vm2"));
                        return null;
                    }))
                    .isInstanceOf(StoreException.class);
            store.create(aesKey("disk-1", "CN=vm2", "ops", material(2)));
        }
    }

    private static List<String> uids(JdbcObjectStore store, LocateQuery q) {
        return store.locate(q).stream().map(StoredObject::uid).toList();
    }
}
