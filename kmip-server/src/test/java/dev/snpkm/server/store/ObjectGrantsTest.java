package dev.snpkm.server.store;

import static dev.snpkm.server.store.StoreFixtures.ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.AES;
import static dev.snpkm.server.store.StoreFixtures.DESTROYED;
import static dev.snpkm.server.store.StoreFixtures.SYMMETRIC_KEY;
import static dev.snpkm.server.store.StoreFixtures.attributes;
import static dev.snpkm.server.store.StoreFixtures.material;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The grant table the store keeps in step with objects' grantees, and Locate's owner-or-granted scan over it. */
class ObjectGrantsTest {
    private static final String FINGERPRINT = "ab".repeat(32);
    private static final List<String> VM2 = List.of("CN=vm2", FINGERPRINT);

    @RegisterExtension
    final OpenStore open = new OpenStore();

    @Test
    void locateListsTheOwnersObjectsAndThoseGrantedByDnOrFingerprintOnceEach() {
        StoredObject own = open.store().create(key("CN=vm2", "disk"));
        StoredObject byDn = open.store().create(key("CN=admin", "disk", "CN=vm2"));
        StoredObject byFingerprint = open.store().create(key("CN=admin", "disk", FINGERPRINT, FINGERPRINT));
        StoredObject ownAndGranted = open.store().create(key("CN=vm2", "disk", "CN=vm2"));
        open.store().create(key("CN=admin", "disk", "CN=vm3"));
        open.store().create(key("CN=vm3", "disk"));

        assertThat(located(LocateQuery.all().ownerOrGrantedTo("CN=vm2", VM2)))
                .containsExactly(own.uid(), byDn.uid(), byFingerprint.uid(), ownAndGranted.uid());
        assertThat(located(LocateQuery.all().owner("CN=vm2"))).containsExactly(own.uid(), ownAndGranted.uid());
        // Every other filter still applies to the granted objects, and the cap counts both kinds.
        assertThat(located(LocateQuery.all()
                        .ownerOrGrantedTo("CN=vm2", VM2)
                        .name("disk")
                        .objectType(SYMMETRIC_KEY)
                        .cryptographicAlgorithm(AES)
                        .maxItems(2)))
                .containsExactly(own.uid(), byDn.uid());
        assertThat(located(LocateQuery.all().ownerOrGrantedTo("CN=vm2", VM2).name("other")))
                .isEmpty();
        assertThat(located(LocateQuery.all().ownerOrGrantedTo("CN=vm2", VM2).state(DESTROYED)))
                .isEmpty();
    }

    @Test
    void anEditOfTheGrantsRewritesTheRowsAndOtherEditsLeaveThem() {
        StoredObject o = open.store().create(key("CN=admin", "disk", "CN=vm2"));

        open.store().updateAttributes(o.uid(), fields(), attributes("disk", "ops"), Set.of(ObjectStore.Derived.NAMES));
        assertThat(grantedTo("CN=vm2")).containsExactly(o.uid()); // an edit that said the grants did not change
        open.store().updateAttributes(o.uid(), fields("CN=vm3"), attributes("disk", "ops"));
        assertThat(grantedTo("CN=vm2")).isEmpty();
        assertThat(grantedTo("CN=vm3")).containsExactly(o.uid());
        open.store().updateAttributes(o.uid(), fields(), attributes("disk", "ops"), Set.of(ObjectStore.Derived.GRANTS));
        assertThat(grantedTo("CN=vm3")).isEmpty();
    }

    @Test
    void aDestroyedObjectKeepsItsGrantsAsItKeepsItsMetadata() {
        StoredObject o = open.store().create(key("CN=admin", "disk", "CN=vm2"));
        open.store().destroyMaterial(o.uid(), DESTROYED);

        assertThat(located(LocateQuery.all().ownerOrGrantedTo("CN=vm2", VM2).state(DESTROYED)))
                .containsExactly(o.uid());
    }

    @Test
    void aGranteeLongerThanTheColumnIsRefusedBeforeTheStore() {
        String longDn = "CN=" + "x".repeat(SearchFields.GRANTEE_MAX);
        assertThatThrownBy(() -> fields(longDn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(SearchFields.GRANTEE_MAX));
        assertThatThrownBy(() -> LocateQuery.all().ownerOrGrantedTo(null, VM2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> grantedTo(String grantee) {
        return located(LocateQuery.all().ownerOrGrantedTo("CN=nobody", List.of(grantee)));
    }

    private List<String> located(LocateQuery q) {
        return open.store().locate(q).stream().map(StoredObject::uid).toList();
    }

    private static SearchFields fields(String... grantees) {
        return new SearchFields("disk", AES, 256, "disks", List.of("disk"), List.of(grantees));
    }

    private static NewStoredObject key(String owner, String name, String... grantees) {
        return new NewStoredObject(
                SYMMETRIC_KEY,
                ACTIVE,
                owner,
                new SearchFields(name, AES, 256, "disks", List.of(), List.of(grantees)),
                attributes(name, "ops"),
                material(1));
    }
}
