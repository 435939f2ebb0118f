package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.name;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyWrapType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Export;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Import;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Export and Import (KMIP 1.4 §4, 2.1 §6.1) through the engine over mutual TLS: an object exported from one server
 * with its attributes and imported into another under the same Unique Identifier comes out identical; Import's Replace
 * Existing and its refusals; material sealed at rest and both operations audited; Export under Get's rules
 * (Sensitive, Extractable, ownership, destroyed objects).
 */
class ExportImportTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    /** The server an export migrates to. */
    @RegisterExtension
    static final EngineFixture target = EngineFixture.forTestClass();

    @Test
    void whatExportReturnsImportsIntoAnotherServerUnchangedInBothVersions() {
        for (KmipVersion v : List.of(V, KmipVersion.V1_4)) {
            byte[] key = random(32);
            String label = "migrated-" + UUID.randomUUID();
            Export.Response exported;
            String uid;
            try (var s = server.session(server.owner)) {
                uid = register(s, v, key, name(label), usage(CryptographicUsageMask.ENCRYPT), activeSince(past()));
                exported = s.call(v, Operation.EXPORT, Export.Request.of(uid))
                        .payload(Export.Response.class)
                        .orElseThrow();
            }
            assertThat(exported.uniqueIdentifier()).isEqualTo(uid);
            assertThat(exported.objectType()).isEqualTo(EnumCode.of(ObjectType.SYMMETRIC_KEY));
            assertThat(raw(exported.object())).isEqualTo(key);
            Attributes a = exported.attributes();
            assertThat(a.text(AttributeNames.UNIQUE_IDENTIFIER))
                    .as(v.toString())
                    .contains(uid);
            assertThat(a.first("Name")).isPresent();
            assertThat(a.enumeration(AttributeNames.STATE, State.class)).contains(EnumCode.of(State.ACTIVE));
            assertThat(a.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH)).contains(256);
            assertThat(bool(a, AttributeNames.FRESH)).as("served by the Export").contains(false);

            try (var t = target.session(target.owner)) {
                ResponseBatchItem imported = t.call(
                        v,
                        Operation.IMPORT,
                        new Import.Request(uid, exported.objectType(), null, null, a, exported.object()));
                assertThat(imported.isSuccess()).as(imported.resultMessage()).isTrue();
                assertThat(imported.payload(Import.Response.class).orElseThrow().uniqueIdentifier())
                        .isEqualTo(uid);
                assertThat(raw(get(t, v, uid))).isEqualTo(key);
                Attributes there = attributes(t, v, uid);
                assertThat(there.first("Name")).isEqualTo(a.first("Name"));
                assertThat(there.enumeration(AttributeNames.STATE, State.class)).contains(EnumCode.of(State.ACTIVE));
                assertThat(date(there, AttributeNames.ACTIVATION_DATE))
                        .isPresent()
                        .isEqualTo(date(a, AttributeNames.ACTIVATION_DATE));
                assertThat(there.integer(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK))
                        .isEqualTo(a.integer(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK));
                assertThat(bool(there, AttributeNames.FRESH))
                        .as("Import keeps the supplied Fresh")
                        .contains(false);
            }
            assertThat(sealedContains(target, uid, key))
                    .as("material is sealed at rest")
                    .isFalse();
            assertThat(actions(server, uid)).contains("Export");
            assertThat(actions(target, uid)).contains("Import");
        }
    }

    @Test
    void anExistingUidIsObjectAlreadyExistsUntilReplaceExistingReplacesItInPlace() {
        byte[] first = random(16);
        byte[] second = random(32);
        try (var s = server.session(server.owner);
                var other = server.session(server.other)) {
            String uid = register(s, V, first, name("replace-" + UUID.randomUUID()));
            ResponseBatchItem taken = s.call(V, Operation.IMPORT, importOf(uid, second, false));
            assertThat(taken.resultReason()).isEqualTo(EnumCode.of(ResultReason.OBJECT_ALREADY_EXISTS));
            assertThat(raw(get(s, V, uid))).as("nothing changed").isEqualTo(first);

            ResponseBatchItem notTheirs = other.call(V, Operation.IMPORT, importOf(uid, second, true));
            assertThat(notTheirs.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));

            ResponseBatchItem replaced = s.call(V, Operation.IMPORT, importOf(uid, second, true));
            assertThat(replaced.isSuccess()).as(replaced.resultMessage()).isTrue();
            assertThat(raw(get(s, V, uid))).isEqualTo(second);
            Attributes now = attributes(s, V, uid);
            assertThat(now.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH)).contains(256);
            assertThat(now.first("Name"))
                    .as("the replacement has only the imported attributes")
                    .isEmpty();
            assertThat(sealedContains(server, uid, second)).isFalse();
        }
    }

    @Test
    void aNewUidIsStoredAndBecomesTheIdPlaceholder() {
        byte[] key = random(16);
        String uid = "imported-" + UUID.randomUUID();
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    RequestHeader.builder(V).build(),
                    List.of(
                            RequestBatchItem.of(Operation.IMPORT, importOf(uid, key, false))
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null))
                                    .withId(Bytes.ofHex("02")),
                            RequestBatchItem.of(
                                            Operation.GET,
                                            new Get.Request(
                                                    new UniqueIdentifier.Reference(
                                                            EnumCode.of(UniqueIdentifierReference.IMPORT)),
                                                    null,
                                                    null,
                                                    null,
                                                    null))
                                    .withId(Bytes.ofHex("03"))));
            for (ResponseBatchItem item : r.batchItems()) {
                assertThat(item.isSuccess()).as(item.resultMessage()).isTrue();
            }
            assertThat(r.batchItems()
                            .get(1)
                            .payload(Get.Response.class)
                            .orElseThrow()
                            .uniqueIdentifier())
                    .isEqualTo(uid);
            assertThat(raw(r.batchItems()
                            .get(2)
                            .payload(Get.Response.class)
                            .orElseThrow()
                            .object()))
                    .isEqualTo(key);
            assertThat(attributes(s, V, uid).enumeration(AttributeNames.STATE, State.class))
                    .contains(EnumCode.of(State.PRE_ACTIVE));
        }
    }

    @Test
    void importRefusesWhatItCannotStoreFaithfully() {
        byte[] key = random(16);
        Attributes base = Attributes.of(length(128));
        try (var s = server.session(server.owner)) {
            String uid = "refused-" + UUID.randomUUID();
            expect(
                    s.call(
                            V,
                            Operation.IMPORT,
                            new Import.Request(
                                    uid,
                                    EnumCode.of(ObjectType.SYMMETRIC_KEY),
                                    null,
                                    EnumCode.of(KeyWrapType.AS_REGISTERED),
                                    base,
                                    aes(key))),
                    ResultReason.KEY_WRAP_TYPE_NOT_SUPPORTED);
            expect(
                    s.call(
                            V,
                            Operation.IMPORT,
                            new Import.Request(uid, EnumCode.of(ObjectType.SECRET_DATA), null, null, base, aes(key))),
                    ResultReason.MISSING_DATA); // the payload lacks the Secret Data its Object Type names
            // attributes Import cannot take: another uid, a state it does not make or the dates do not give, the owner
            for (var refused : List.of(
                    new Object[] {
                        AttributeFactory.text(AttributeNames.UNIQUE_IDENTIFIER, "another"), ResultReason.INVALID_FIELD
                    },
                    new Object[] {
                        AttributeFactory.enumeration(AttributeNames.STATE, State.COMPROMISED.value()),
                        ResultReason.INVALID_FIELD
                    },
                    new Object[] {
                        AttributeFactory.enumeration(AttributeNames.STATE, State.ACTIVE.value()),
                        ResultReason.INVALID_FIELD
                    },
                    new Object[] {AttributeFactory.text("x-owner", "me"), ResultReason.ATTRIBUTE_READ_ONLY})) {
                Attribute extra = (Attribute) refused[0];
                expect(
                        s.call(V, Operation.IMPORT, Import.Request.of(uid, aes(key), base.with(extra), false)),
                        (ResultReason) refused[1]);
            }
            expect(
                    s.call(V, Operation.IMPORT, Import.Request.of("u".repeat(65), aes(key), base, false)),
                    ResultReason.INVALID_FIELD);
            // what Register refuses: an "AES" key of 8 bits, a length that is not the key's
            expect(s.call(V, Operation.IMPORT, importOf(uid, random(1), false)), ResultReason.INVALID_FIELD);
            expect(
                    s.call(V, Operation.IMPORT, Import.Request.of(uid, aes(key), Attributes.of(length(256)), false)),
                    ResultReason.INVALID_FIELD);
            assertThat(s.call(V, Operation.GET, Get.Request.of(uid)).resultReason())
                    .as("no refused Import stored anything")
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND));
        }
    }

    @Test
    void exportFollowsGetsRules() {
        try (var s = server.session(server.owner);
                var other = server.session(server.other)) {
            String sensitive = register(s, V, random(16), AttributeFactory.bool(AttributeNames.SENSITIVE, true));
            String sealed = register(s, V, random(16), AttributeFactory.bool(AttributeNames.EXTRACTABLE, false));
            String plain = register(s, V, random(16));
            expect(s.call(V, Operation.EXPORT, Export.Request.of(sensitive)), ResultReason.SENSITIVE);
            expect(s.call(V, Operation.EXPORT, Export.Request.of(sealed)), ResultReason.NOT_EXTRACTABLE);
            expect(other.call(V, Operation.EXPORT, Export.Request.of(plain)), ResultReason.PERMISSION_DENIED);
            expect(s.call(V, Operation.EXPORT, Export.Request.of("no-such-object")), ResultReason.OBJECT_NOT_FOUND);
            assertThat(s.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(plain)))
                            .isSuccess())
                    .isTrue();
            expect(s.call(V, Operation.EXPORT, Export.Request.of(plain)), ResultReason.OBJECT_DESTROYED);
        }
    }

    private static void expect(ResponseBatchItem r, ResultReason reason) {
        assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(reason));
        assertThat(r.payload()).isNull();
    }

    private static Import.Request importOf(String uid, byte[] key, boolean replace) {
        return Import.Request.of(uid, aes(key), Attributes.of(length(key.length * 8)), replace);
    }

    private static Attribute length(int bits) {
        return AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH, bits);
    }

    private static ManagedObject aes(byte[] key) {
        return new ManagedObject.SymmetricKey(KeyBlock.raw(key, CryptographicAlgorithm.AES, key.length * 8));
    }

    private static String register(EngineFixture.Session s, KmipVersion v, byte[] key, Attribute... attributes) {
        ResponseBatchItem r = s.call(v, Operation.REGISTER, Register.Request.of(aes(key), Attributes.of(attributes)));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
    }

    private static ManagedObject get(EngineFixture.Session s, KmipVersion v, String uid) {
        return s.call(v, Operation.GET, Get.Request.of(uid))
                .payload(Get.Response.class)
                .orElseThrow()
                .object();
    }

    private static Attributes attributes(EngineFixture.Session s, KmipVersion v, String uid) {
        return s.call(v, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
    }

    private static byte[] raw(ManagedObject o) {
        KeyBlock block = ((ManagedObject.SymmetricKey) o).keyBlock();
        return ((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material())
                .bytes()
                .toByteArray();
    }

    /** Whether the stored row's sealed material holds the key bytes in the clear. */
    private static boolean sealedContains(EngineFixture f, String uid, byte[] key) {
        byte[] sealed = f.database().read("read sealed material", c -> {
            try (var ps = c.prepareStatement("SELECT sealed_material FROM managed_object WHERE uid = ?")) {
                ps.setString(1, uid);
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return rs.getBytes(1);
                }
            }
        });
        assertThat(sealed).isNotNull();
        for (int i = 0; i + key.length <= sealed.length; i++) {
            if (Arrays.equals(sealed, i, i + key.length, key, 0, key.length)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> actions(EngineFixture f, String uid) {
        return f.audit.about(uid).stream().map(AuditEvent::action).toList();
    }

    private static Instant past() {
        return Instant.now().minusSeconds(60);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private static java.util.Optional<Boolean> bool(Attributes a, String name) {
        return a.item(name, Ttlv.BooleanItem.class).map(Ttlv.BooleanItem::value);
    }

    private static java.util.Optional<Long> date(Attributes a, String name) {
        return a.item(name, Ttlv.DateTime.class).map(Ttlv.DateTime::epochSeconds);
    }
}
