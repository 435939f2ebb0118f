package dev.snpkm.server.store;

import static dev.snpkm.server.store.StoreFixtures.ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.AES;
import static dev.snpkm.server.store.StoreFixtures.CONTACT;
import static dev.snpkm.server.store.StoreFixtures.DESTROYED;
import static dev.snpkm.server.store.StoreFixtures.PRE_ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.SECRET_DATA;
import static dev.snpkm.server.store.StoreFixtures.SYMMETRIC_KEY;
import static dev.snpkm.server.store.StoreFixtures.aesKey;
import static dev.snpkm.server.store.StoreFixtures.attributes;
import static dev.snpkm.server.store.StoreFixtures.material;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.crypto.SealedMaterialException;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcObjectStoreTest {
    @TempDir
    Path dir;

    Database db;
    JdbcObjectStore store;

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("store"));
        store = StoreFixtures.store(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createdObjectReadsBackWithItsMetadataAttributesAndMaterial() {
        StoredObject created = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));

        StoredObject read = store.get(created.uid()).orElseThrow();
        assertThat(read).isEqualTo(created);
        assertThat(read.objectType()).isEqualTo(SYMMETRIC_KEY);
        assertThat(read.searchFields()).isEqualTo(new SearchFields("disk-1", AES, 256, "disks"));
        assertThat(read.attributes()).isEqualTo(attributes("disk-1", "ops"));
        assertThat(read.hasMaterial()).isTrue();
        assertThat(store.material(created.uid())).isEqualTo(material(1));
    }

    @Test
    void materialIsStoredSealedNotInTheClear() throws Exception {
        StoredObject created = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));
        byte[] stored = sealedColumn(created.uid());

        assertThat(stored).hasSize(1 + 12 + 32 + 16);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(material(1), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void putStoresUnderTheGivenUidAndReplacesOnlyWhenAsked() {
        StoredObject put = store.put("imported-1", aesKey("disk-1", "CN=vm1", "ops", material(1)), false);
        assertThat(put.uid()).isEqualTo("imported-1");
        assertThat(store.get("imported-1").orElseThrow()).isEqualTo(put);
        assertThat(store.material("imported-1")).isEqualTo(material(1));

        assertThatThrownBy(() -> store.put("imported-1", aesKey("disk-2", "CN=vm1", "ops", material(2)), false))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageContaining("imported-1");
        assertThat(store.material("imported-1")).as("nothing written").isEqualTo(material(1));

        store.destroyMaterial("imported-1", DESTROYED);
        StoredObject replaced = store.put("imported-1", aesKey("disk-2", "CN=vm1", "ops", material(2)), true);
        StoredObject read = store.get("imported-1").orElseThrow();
        assertThat(read).isEqualTo(replaced);
        assertThat(read.hasMaterial()).isTrue();
        assertThat(read.materialDestroyedAt()).isEmpty();
        assertThat(read.searchFields().name()).isEqualTo("disk-2");
        assertThat(store.material("imported-1")).isEqualTo(material(2));
        // the replaced object's name is free again, the replacement's is held
        assertThat(store.create(aesKey("disk-1", "CN=vm1", "ops", material(3))).uid())
                .isNotEqualTo("imported-1");
        assertThatThrownBy(() -> store.create(aesKey("disk-2", "CN=vm1", "ops", material(4))))
                .isInstanceOf(NameInUseException.class);
    }

    @Test
    void unknownUidIsAbsentAndUpdatesOfItFail() {
        assertThat(store.get("nope")).isEmpty();
        assertThatThrownBy(() -> store.material("nope"))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> store.updateState("nope", ACTIVE)).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void attributesAndStateUpdate() {
        StoredObject o = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));

        store.updateAttributes(o.uid(), new SearchFields("disk-1b", AES, 128, null), attributes("disk-1b", "sec"));
        store.updateState(o.uid(), PRE_ACTIVE);

        StoredObject read = store.get(o.uid()).orElseThrow();
        assertThat(read.state()).isEqualTo(PRE_ACTIVE);
        assertThat(read.searchFields()).isEqualTo(new SearchFields("disk-1b", AES, 128, null));
        assertThat(read.attributes().child(CONTACT)).contains(Ttlv.text(CONTACT, "sec"));
        assertThat(read.updatedAt()).isAfterOrEqualTo(o.updatedAt());
    }

    @Test
    void readsInsideAUnitOfWorkSeeItsUncommittedChangesAndReadsAfterItsRollbackDoNot() {
        StoredObject o = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));

        String seenInside = db.unitOfWork("test batch", () -> {
            store.destroyMaterial(o.uid(), DESTROYED);
            StoredObject inside = store.get(o.uid()).orElseThrow();
            assertThatThrownBy(() -> store.material(o.uid())).hasMessageContaining("no key material");
            assertThat(store.locate(LocateQuery.all().state(DESTROYED)))
                    .extracting(StoredObject::uid)
                    .containsExactly(o.uid());
            throw new Database.RollbackWith(inside.state() + "/" + inside.hasMaterial());
        });

        assertThat(seenInside).isEqualTo(DESTROYED + "/false");
        assertThat(store.get(o.uid()).orElseThrow().state()).isEqualTo(ACTIVE);
        assertThat(store.material(o.uid())).isEqualTo(material(1));
    }

    @Test
    void destroyErasesMaterialButKeepsMetadata() throws Exception {
        StoredObject o = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));

        store.destroyMaterial(o.uid(), DESTROYED);

        StoredObject read = store.get(o.uid()).orElseThrow();
        assertThat(read.state()).isEqualTo(DESTROYED);
        assertThat(read.hasMaterial()).isFalse();
        assertThat(read.materialDestroyedAt()).isPresent();
        assertThat(read.attributes()).isEqualTo(o.attributes());
        assertThat(sealedColumn(o.uid())).isNull();
        assertThatThrownBy(() -> store.material(o.uid()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no key material");
    }

    @Test
    void tamperedSealedMaterialFailsAuthenticationNamingTheObject() throws Exception {
        StoredObject o = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));
        byte[] sealed = sealedColumn(o.uid());
        sealed[sealed.length - 1] ^= 0x01;
        writeSealedColumn(o.uid(), sealed);

        assertThatThrownBy(() -> store.material(o.uid()))
                .isInstanceOf(SealedMaterialException.class)
                .hasMessageContaining(o.uid())
                .hasMessageContaining("failed authentication");
        ObjectStore.Readout read = store.getWithMaterial(o.uid()).orElseThrow();
        assertThatThrownBy(read::unseal)
                .isInstanceOf(SealedMaterialException.class)
                .hasMessageContaining(o.uid());
    }

    @Test
    void getWithMaterialReadsTheRowAndUnsealsOnlyWhenAsked() throws Exception {
        StoredObject o = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));
        StoredObject destroyed = store.create(aesKey("disk-2", "CN=vm1", "ops", material(2)));
        store.destroyMaterial(destroyed.uid(), DESTROYED);

        ObjectStore.Readout read = store.getWithMaterial(o.uid()).orElseThrow();
        assertThat(read.row()).isEqualTo(store.get(o.uid()).orElseThrow());
        writeSealedColumn(o.uid(), null); // a later change does not reach what was read

        assertThat(read.unseal()).isEqualTo(material(1));
        assertThat(store.getWithMaterial("nope")).isEmpty();
        ObjectStore.Readout gone = store.getWithMaterial(destroyed.uid()).orElseThrow();
        assertThat(gone.row().hasMaterial()).isFalse();
        assertThatThrownBy(gone::unseal).isInstanceOf(StoreException.class).hasMessageContaining("no key material");
    }

    @Test
    void swappingTwoObjectsSealedMaterialFailsAuthenticationForBoth() throws Exception {
        StoredObject a = store.create(aesKey("a", "CN=vm1", "ops", material(1)));
        StoredObject b = store.create(aesKey("b", "CN=vm1", "ops", material(2)));
        byte[] sealedA = sealedColumn(a.uid());
        writeSealedColumn(a.uid(), sealedColumn(b.uid()));
        writeSealedColumn(b.uid(), sealedA);

        assertThatThrownBy(() -> store.material(a.uid()))
                .isInstanceOf(SealedMaterialException.class)
                .hasMessageContaining(a.uid());
        assertThatThrownBy(() -> store.material(b.uid()))
                .isInstanceOf(SealedMaterialException.class)
                .hasMessageContaining(b.uid());
    }

    @Test
    void locateFiltersOnColumnsThenOnAttributesOldestFirst() {
        StoredObject k1 = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));
        StoredObject k2 = store.create(aesKey("disk-2", "CN=vm1", "sec", material(2)));
        store.create(aesKey("disk-3", "CN=vm2", "ops", material(3)));
        StoredObject secret = store.create(new NewStoredObject(
                SECRET_DATA, PRE_ACTIVE, "CN=vm1", SearchFields.none(), attributes("pw", "ops"), null));

        assertThat(store.locate(LocateQuery.all().owner("CN=vm1")))
                .extracting(StoredObject::uid)
                .containsExactly(k1.uid(), k2.uid(), secret.uid());
        assertThat(store.locate(LocateQuery.all().name("disk-2")))
                .extracting(StoredObject::uid)
                .containsExactly(k2.uid());
        assertThat(store.locate(LocateQuery.all()
                        .objectType(SYMMETRIC_KEY)
                        .cryptographicAlgorithm(AES)
                        .cryptographicLength(256)
                        .objectGroup("disks")
                        .state(ACTIVE)))
                .hasSize(3);
        assertThat(store.locate(LocateQuery.all().objectType(SECRET_DATA)))
                .extracting(StoredObject::uid)
                .containsExactly(secret.uid());
        assertThat(store.locate(LocateQuery.all()
                        .owner("CN=vm1")
                        .matching(a -> a.child(CONTACT).equals(java.util.Optional.of(Ttlv.text(CONTACT, "ops"))))))
                .extracting(StoredObject::uid)
                .containsExactly(k1.uid(), secret.uid());
        assertThat(store.locate(LocateQuery.all().maxItems(2))).hasSize(2);
        assertThat(store.locate(LocateQuery.all().name("none"))).isEmpty();
    }

    @Test
    void dataSurvivesCloseAndReopenAndMigrationsRunOnce() throws Exception {
        assertThat(db.migrationsApplied())
                .isEqualTo(10); // V1, V2 release facts, V3+V4 names, V5+V6 grants, V7 audit, V8 revocations, V9 keys,
        // V10 master key check
        StoredObject o = store.create(aesKey("disk-1", "CN=vm1", "ops", material(1)));
        db.close();

        db = TestStores.open(dir.resolve("store"));
        store = StoreFixtures.store(db);

        assertThat(db.migrationsApplied()).isZero();
        assertThat(store.get(o.uid())).contains(o);
        assertThat(store.material(o.uid())).isEqualTo(material(1));
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\""
                        + " WHERE \"success\" AND \"type\" IN ('SQL', 'JDBC')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(10); // each migration recorded once
        }
    }

    private byte[] sealedColumn(String uid) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT sealed_material FROM managed_object WHERE uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private void writeSealedColumn(String uid, byte[] sealed) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE managed_object SET sealed_material = ? WHERE uid = ?")) {
            ps.setBytes(1, sealed);
            ps.setString(2, uid);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
