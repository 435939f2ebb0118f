package dev.snpkm.server.store;

import static dev.snpkm.server.store.StoreFixtures.AES;
import static dev.snpkm.server.store.StoreFixtures.DESTROYED;
import static dev.snpkm.server.store.StoreFixtures.PRE_ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.aesKey;
import static dev.snpkm.server.store.StoreFixtures.attributes;
import static dev.snpkm.server.store.StoreFixtures.material;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.State;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The name table the store keeps in step with objects' Names: one live holder per owner and name. */
class ObjectNamesTest {
    @RegisterExtension
    final OpenStore open = new OpenStore();

    private JdbcObjectStore store() {
        return open.store();
    }

    private Database db() {
        return open.db();
    }

    @Test
    void aNameHasOneLiveHolderPerOwner() {
        StoredObject first = store().create(aesKey("disk-1", "CN=vm1", "ops", material(1)));

        assertThatThrownBy(() -> store().create(aesKey("disk-1", "CN=vm1", "ops", material(2))))
                .isInstanceOf(NameInUseException.class)
                .hasMessage("the name 'disk-1' is already in use")
                .extracting(e -> ((NameInUseException) e).name())
                .isEqualTo("disk-1");
        store().create(aesKey("disk-1", "CN=vm2", "ops", material(3))); // another owner's domain
        assertThat(holders("CN=vm1")).containsExactly(first.uid());
        assertThat(store().locate(LocateQuery.all().owner("CN=vm1"))).hasSize(1); // the refused insert left nothing
    }

    @Test
    void everyNameCountsAndOneObjectCannotHoldANameTwice() {
        StoredObject two = store().create(withNames("CN=vm1", "a", "b"));

        assertThatThrownBy(() -> store().create(aesKey("b", "CN=vm1", "ops", material(2))))
                .isInstanceOf(NameInUseException.class);
        assertThatThrownBy(() -> store().updateAttributes(two.uid(), fields("a", "b", "a"), attributes("a", "ops")))
                .isInstanceOf(NameInUseException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> store().create(withNames("CN=vm1", "c", "c"))).isInstanceOf(NameInUseException.class);
    }

    @Test
    void reSettingOwnNamesIsNoClashAndDroppedNamesAreFree() {
        StoredObject o = store().create(withNames("CN=vm1", "a", "b"));

        store().updateAttributes(o.uid(), fields("a", "b"), attributes("a", "ops")); // unchanged names
        store().updateAttributes(o.uid(), fields("b", "c"), attributes("b", "ops")); // a dropped, c added
        store().create(aesKey("a", "CN=vm1", "ops", material(2)));
        assertThatThrownBy(() -> store().create(aesKey("c", "CN=vm1", "ops", material(3))))
                .isInstanceOf(NameInUseException.class);
    }

    @Test
    void destroyingReleasesTheNamesAndADestroyedObjectClaimsNoneLater() {
        StoredObject o = store().create(aesKey("disk-1", "CN=vm1", "ops", material(1)));
        store().updateState(o.uid(), PRE_ACTIVE);
        assertThat(holders("CN=vm1")).containsExactly(o.uid());

        store().destroyMaterial(o.uid(), DESTROYED);
        store().updateAttributes(o.uid(), fields("disk-1"), attributes("disk-1", "ops")); // e.g. Destroy Date
        StoredObject again = store().create(aesKey("disk-1", "CN=vm1", "ops", material(2)));

        assertThat(holders("CN=vm1")).containsExactly(again.uid());
    }

    @Test
    void aStateChangeToDestroyedCompromisedReleasesTheNamesAndOthersKeepThem() {
        StoredObject o = store().create(aesKey("disk-1", "CN=vm1", "ops", material(1)));
        store().updateState(o.uid(), PRE_ACTIVE);
        assertThatThrownBy(() -> store().create(aesKey("disk-1", "CN=vm1", "ops", material(2))))
                .isInstanceOf(NameInUseException.class);

        store().updateState(o.uid(), State.DESTROYED_COMPROMISED.value());

        assertThat(holders("CN=vm1")).isEmpty();
        store().create(aesKey("disk-1", "CN=vm1", "ops", material(3)));
    }

    @Test
    void aRefusedNameInABatchStepRollsBackOnlyThatStepsRows() {
        String kept = db().unitOfWork("batch", () -> {
            String uid =
                    store().create(aesKey("a", "CN=vm1", "ops", material(1))).uid();
            assertThatThrownBy(
                            () -> db().step("item 2", () -> store().create(withNames("CN=vm1", "b", "a")), ok -> true))
                    .isInstanceOf(NameInUseException.class);
            db().step("item 3", () -> store().create(aesKey("c", "CN=vm1", "ops", material(3))), ok -> true);
            return uid;
        });

        assertThat(holders("CN=vm1")).hasSize(2).contains(kept);
        store().create(aesKey("b", "CN=vm1", "ops", material(4))); // item 2's first name was rolled back with it
        assertThat(store().locate(LocateQuery.all().owner("CN=vm1"))).hasSize(3);
    }

    private static SearchFields fields(String... names) {
        return new SearchFields(names[0], AES, 256, "disks", List.of(names));
    }

    private static NewStoredObject withNames(String owner, String... names) {
        return new NewStoredObject(
                StoreFixtures.SYMMETRIC_KEY,
                StoreFixtures.ACTIVE,
                owner,
                fields(names),
                attributes(names[0], "ops"),
                material(9));
    }

    /** The uids holding names in the owner's domain, one per name row. */
    private List<String> holders(String owner) {
        return db().read("read names", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM object_name WHERE owner = ?")) {
                ps.setString(1, owner);
                List<String> uids = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getString(1));
                    }
                }
                return uids;
            }
        });
    }
}
