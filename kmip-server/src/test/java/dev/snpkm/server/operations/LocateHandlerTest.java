package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.IndexKey;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.store.NewStoredObject;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locate's SQL only narrows the scan to a client's own and granted objects; the per-object read check decides. A grant
 * row the attributes no longer back (a stale row) lists nothing.
 */
class LocateHandlerTest {
    private static final ClientIdentity VM = new ClientIdentity("CN=vm", Optional.of("vm"), "0f".repeat(32));

    @TempDir
    Path dir;

    @Test
    void aGrantRowTheAttributesDoNotBackListsNothing() throws Exception {
        try (Database db = TestStores.open(dir.resolve("store"))) {
            byte[] kek = new byte[32];
            JdbcObjectStore store =
                    new JdbcObjectStore(db, new MaterialSealer(new SoftwareMasterKey(1, kek)), Clock.systemUTC());
            String byDn = store(store, "disk-1", VM.subjectDn());
            String byFingerprint = store(store, "disk-2", VM.sha256Fingerprint());
            String stale = store(store, "disk-3");
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO object_grant (uid, grantee, grantee_sha256) VALUES (?, ?, ?)")) {
                ps.setString(1, stale);
                ps.setString(2, VM.subjectDn());
                ps.setBytes(3, IndexKey.of(VM.subjectDn()));
                ps.executeUpdate();
            }
            ServerServices services = new ServerServices(
                    store,
                    new EngineFixture.FakeGate(),
                    AccessPolicy.noAdministrators(),
                    Clock.systemUTC(),
                    new SecureRandom());
            OperationContext ctx = new OperationContext(
                    services, VM, RequestHeader.builder(KmipVersion.V2_1).build(), new BatchState());

            Locate.Response r = (Locate.Response) new LocateHandler().handle(Locate.Request.of(Attributes.EMPTY), ctx);

            assertThat(r.uniqueIdentifiers()).containsExactly(byFingerprint, byDn); // 2.x: newest first
        }
    }

    /** An administrator's key granted to {@code grantees}. */
    private static String store(JdbcObjectStore store, String name, String... grantees) {
        List<Attribute> list = new ArrayList<>(List.of(Requests.name(name)));
        for (String g : grantees) {
            list.add(Attribute.of("x-authorized-client", Ttlv.text(Tag.ATTRIBUTE_VALUE, g)));
        }
        Attributes a = new Attributes(list);
        return store.create(new NewStoredObject(
                        ObjectType.SYMMETRIC_KEY.value(),
                        State.ACTIVE.value(),
                        "CN=admin",
                        StoredAttributes.searchFields(a),
                        StoredAttributes.encode(a),
                        null))
                .uid();
    }
}
