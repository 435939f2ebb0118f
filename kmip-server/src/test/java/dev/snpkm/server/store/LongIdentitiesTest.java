package dev.snpkm.server.store;

import static dev.snpkm.server.store.StoreFixtures.ACTIVE;
import static dev.snpkm.server.store.StoreFixtures.AES;
import static dev.snpkm.server.store.StoreFixtures.SYMMETRIC_KEY;
import static dev.snpkm.server.store.StoreFixtures.attributes;
import static dev.snpkm.server.store.StoreFixtures.material;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Owners (a client certificate's subject DN), grantees and Names as long as the store takes them: 1,024 characters,
 * each three bytes in UTF-8 and random, so neither engine can compress the 3 KB away. PostgreSQL's btree refuses an
 * index row over about 2,700 bytes, so no index may hold such a value itself; uniqueness must hold all the same.
 */
class LongIdentitiesTest {
    @RegisterExtension
    final OpenStore open = new OpenStore();

    private final Random random = new Random(16);
    private final String owner = "CN=" + longText(SearchFields.GRANTEE_MAX - 3);
    private final String grantee = "CN=" + longText(SearchFields.GRANTEE_MAX - 3);
    private final String name = longText(SearchFields.TEXT_MAX);

    @Test
    void theValuesAreAsLongAsTheStoreTakesAndOverThePostgresIndexRowLimit() {
        assertThat(List.of(owner, grantee, name)).allSatisfy(s -> {
            assertThat(s).hasSize(1024);
            assertThat(s.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(3000);
        });
    }

    @Test
    void anObjectWithALongOwnerNameAndGranteeIsStoredAndFound() {
        StoredObject o = open.store().create(key(owner, name, grantee));

        assertThat(open.store().get(o.uid()).orElseThrow().owner()).isEqualTo(owner);
        assertThat(uids(LocateQuery.all().owner(owner).name(name))).containsExactly(o.uid());
        assertThat(uids(LocateQuery.all().ownerOrGrantedTo("CN=other", List.of(grantee))))
                .containsExactly(o.uid());
        assertThat(uids(LocateQuery.all()
                        .ownerOrGrantedTo("CN=other", List.of(grantee))
                        .name(name)))
                .containsExactly(o.uid());
        assertThat(uids(LocateQuery.all().owner(owner).name(name + "?"))).isEmpty();
    }

    @Test
    void aLongNameStaysUniqueWithinALongOwnersDomainOnly() {
        open.store().create(key(owner, name, grantee));

        assertThatThrownBy(() -> open.store().create(key(owner, name, grantee))).isInstanceOf(NameInUseException.class);
        String nearlyTheOwner = owner.substring(0, owner.length() - 1) + "\u4e00";
        String nearlyTheName = name.substring(0, name.length() - 1) + "\u4e00";
        StoredObject other = open.store().create(key(nearlyTheOwner, name, grantee));
        StoredObject renamed = open.store().create(key(owner, nearlyTheName, grantee));

        assertThat(uids(LocateQuery.all().owner(nearlyTheOwner))).containsExactly(other.uid());
        assertThat(uids(LocateQuery.all().owner(owner).name(nearlyTheName))).containsExactly(renamed.uid());
        assertThat(uids(LocateQuery.all().ownerOrGrantedTo("CN=other", List.of(grantee))))
                .hasSize(3);
    }

    @Test
    void aLongGranteeIsGrantedOncePerObject() {
        StoredObject o = open.store().create(key(owner, name, grantee, grantee));

        assertThatThrownBy(() -> open.db().transaction("grant twice", c -> {
                    ObjectGrants.grant(c, o.uid(), List.of(grantee));
                    return null;
                }))
                .hasRootCauseInstanceOf(SQLException.class)
                .rootCause()
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("23505");
        assertThat(uids(LocateQuery.all().ownerOrGrantedTo("CN=other", List.of(grantee))))
                .containsExactly(o.uid());
    }

    private List<String> uids(LocateQuery q) {
        return open.store().locate(q).stream().map(StoredObject::uid).toList();
    }

    private static NewStoredObject key(String owner, String name, String... grantees) {
        return new NewStoredObject(
                SYMMETRIC_KEY,
                ACTIVE,
                owner,
                new SearchFields(name, AES, 256, "disks", List.of(name), List.of(grantees)),
                attributes(name, "ops"),
                material(1));
    }

    /** Random CJK Unified Ideographs (U+4E00..U+9FFF): three UTF-8 bytes each, no runs to compress. */
    private String longText(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) (0x4E00 + random.nextInt(0x9FFF - 0x4E00 + 1)));
        }
        return s.toString();
    }
}
