package dev.snpkm.server.store;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/** Objects, keys and attribute trees for store tests (and the durability writer process). */
final class StoreFixtures {
    static final KmipRegistry R = KmipRegistry.get();
    static final int SYMMETRIC_KEY =
            R.valueByName("Object Type", "Symmetric Key", null).orElseThrow().value();
    static final int SECRET_DATA =
            R.valueByName("Object Type", "Secret Data", null).orElseThrow().value();
    static final int PRE_ACTIVE =
            R.valueByName("State", "Pre-Active", null).orElseThrow().value();
    static final int ACTIVE =
            R.valueByName("State", "Active", null).orElseThrow().value();
    static final int DESTROYED =
            R.valueByName("State", "Destroyed", null).orElseThrow().value();
    static final int AES =
            R.valueByName("Cryptographic Algorithm", "AES", null).orElseThrow().value();
    static final int ATTRIBUTES = R.tagValue("Attributes");
    static final int NAME = R.tagValue("Name");
    static final int NAME_VALUE = R.tagValue("Name Value");
    static final int CONTACT = R.tagValue("Contact Information");

    private StoreFixtures() {}

    static MaterialSealer sealer() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5A);
        return new MaterialSealer(new SoftwareMasterKey(1, key));
    }

    static JdbcObjectStore store(Database db) {
        return new JdbcObjectStore(db, sealer(), Clock.systemUTC());
    }

    static Ttlv.Structure attributes(String name, String contact) {
        return Ttlv.structure(
                ATTRIBUTES, Ttlv.structure(NAME, Ttlv.text(NAME_VALUE, name)), Ttlv.text(CONTACT, contact));
    }

    static NewStoredObject aesKey(String name, String owner, String contact, byte[] material) {
        return new NewStoredObject(
                SYMMETRIC_KEY,
                ACTIVE,
                owner,
                new SearchFields(name, AES, 256, "disks"),
                attributes(name, contact),
                material);
    }

    /**
     * Writes an object's row as an older release did, straight into managed_object (a backfill test's data): the
     * attribute blob in the at-rest form, created {@code age} seconds after 2026-01-01.
     */
    static void insertAtRest(
            Connection c, String uid, String owner, int state, int age, String name, Attributes attributes)
            throws SQLException {
        insertAtRest(c, uid, owner, state, age, name, TtlvEncoder.encode(StoredAttributes.encode(attributes)));
    }

    static void insertAtRest(Connection c, String uid, String owner, int state, int age, String name, byte[] blob)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO managed_object (uid, object_type, state, owner, "
                + "name, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            Instant created = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(age);
            ps.setString(1, uid);
            ps.setInt(2, SYMMETRIC_KEY);
            ps.setInt(3, state);
            ps.setString(4, owner);
            ps.setString(5, name);
            ps.setBytes(6, blob);
            ps.setObject(7, JdbcObjectStore.timestamp(created));
            ps.setObject(8, JdbcObjectStore.timestamp(created));
            ps.executeUpdate();
        }
    }

    /** Deterministic 32-byte material for object number i. */
    static byte[] material(long i) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("material-" + i).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
