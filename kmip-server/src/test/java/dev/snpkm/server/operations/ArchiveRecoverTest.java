package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.StorageStatusMask;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Archive;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributeList;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Recover;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.operations.access.ArchivedObjects;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Archive and Recover (KMIP 2.1 §6.1.4, §6.1.45) through the engine over mutual TLS: an archived key keeps its
 * metadata readable and nothing else (Get, the services, a stream's next part, edits and lifecycle changes are Object
 * Archived; a wrap with it is Wrapping Object Archived), Locate lists it only under the Archival Storage bit, the
 * Archive Date comes and goes, and after Recover the same material is served again. Both are audited.
 */
class ArchiveRecoverTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] KEY = "0123456789abcdef".getBytes();
    private static final CryptographicParameters GCM = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.GCM)
            .build();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    /** What an archived object refuses, with the Result Reason it refuses with. */
    record Refused(Operation op, Function<String, RequestPayload> request) {}

    static final List<Refused> REFUSED_WHILE_ARCHIVED = List.of(
            new Refused(Operation.GET, Get.Request::of),
            new Refused(Operation.ENCRYPT, uid -> Encrypt.Request.of(uid, GCM, KEY)),
            new Refused(Operation.ACTIVATE, uid -> new Activate.Request(UniqueIdentifier.of(uid))),
            new Refused(Operation.DESTROY, uid -> new Destroy.Request(UniqueIdentifier.of(uid))),
            new Refused(
                    Operation.ADD_ATTRIBUTE,
                    uid -> new AddAttribute.Request(UniqueIdentifier.of(uid), Requests.name("n-" + uid))));

    @Test
    void anArchivedKeyShowsOnlyItsMetadataUntilRecoveredAndThenServesTheSameMaterial() {
        try (var s = server.session(server.owner)) {
            String uid = register(s);
            assertThat(s.call(V, Operation.ARCHIVE, new Archive.Request(UniqueIdentifier.of(uid)))
                            .payload(Archive.Response.class)
                            .orElseThrow()
                            .uniqueIdentifier())
                    .isEqualTo(uid);
            long archived = archiveDate(s, uid);
            assertThat(archived).isEqualTo(server.clock.instant().getEpochSecond());

            for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                for (Refused r : REFUSED_WHILE_ARCHIVED) {
                    ResponseBatchItem no = s.call(v, r.op(), r.request().apply(uid));
                    assertThat(no.resultReason())
                            .as("%s in %s", r.op(), v)
                            .isEqualTo(EnumCode.of(ResultReason.OBJECT_ARCHIVED));
                    assertThat(no.resultMessage())
                            .isEqualTo("object " + uid + " is archived; Recover it before " + r.op().specName());
                    assertThat(no.payload()).isNull();
                }
            }
            assertThat(s.call(V, Operation.GET_ATTRIBUTE_LIST, new GetAttributeList.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            assertThat(locate(s, uid, null))
                    .as("Locate lists on-line objects by default")
                    .isEmpty();
            assertThat(locate(s, uid, StorageStatusMask.ARCHIVAL_STORAGE.value()))
                    .containsExactly(uid);

            server.clock.advance(Duration.ofSeconds(30));
            assertThat(s.call(V, Operation.ARCHIVE, new Archive.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            assertThat(archiveDate(s, uid))
                    .as("archiving again keeps the first Archive Date")
                    .isEqualTo(archived);

            assertThat(s.call(V, Operation.RECOVER, new Recover.Request(UniqueIdentifier.of(uid)))
                            .payload(Recover.Response.class)
                            .orElseThrow()
                            .uniqueIdentifier())
                    .isEqualTo(uid);
            assertThat(attributes(s, uid).first(ArchivedObjects.ARCHIVE_DATE))
                    .as("Recover deletes the Archive Date")
                    .isEmpty();
            ManagedObject.SymmetricKey back = (ManagedObject.SymmetricKey) s.call(V, Operation.GET, Get.Request.of(uid))
                    .payload(Get.Response.class)
                    .orElseThrow()
                    .object();
            assertThat(((KeyMaterial.Raw) ((KeyValue.Plain) back.keyBlock().keyValue()).material())
                            .bytes()
                            .toByteArray())
                    .isEqualTo(KEY);
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, GCM, KEY))
                            .isSuccess())
                    .isTrue();
            assertThat(locate(s, uid, null)).containsExactly(uid);
            assertThat(s.call(V, Operation.RECOVER, new Recover.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .as("recovering an on-line object changes nothing")
                    .isTrue();
            // Archive and Recover of a secret key are lifecycle actions in the audit log.
            assertThat(actions(uid)).containsSubsequence("Register", "Archive", "Recover");
        }
    }

    @Test
    void aStreamStopsAndAWrapIsRefusedWhenTheirKeyIsArchived() {
        try (var s = server.session(server.owner)) {
            String uid = register(s);
            Encrypt.Response first = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    UniqueIdentifier.of(uid),
                                    GCM,
                                    Secret.of(KEY),
                                    null,
                                    new StreamIndicators(null, true, null),
                                    null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            assertThat(s.call(V, Operation.ARCHIVE, new Archive.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            ResponseBatchItem next = s.call(
                    V,
                    Operation.ENCRYPT,
                    new Encrypt.Request(
                            null,
                            GCM,
                            Secret.of(KEY),
                            null,
                            new StreamIndicators(first.correlationValue(), null, true),
                            null));
            assertThat(next.resultReason()).isEqualTo(EnumCode.of(ResultReason.OBJECT_ARCHIVED));

            String secret = register(s);
            assertThat(wrappedGet(s, V, secret, uid).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.WRAPPING_OBJECT_ARCHIVED));
            assertThat(wrappedGet(s, KmipVersion.V1_4, secret, uid).resultReason())
                    .as("1.x has no Wrapping Object Archived")
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_ARCHIVED));
            assertThat(s.call(V, Operation.RECOVER, new Recover.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            ResponseBatchItem control = wrappedGet(s, V, secret, uid);
            assertThat(control.isSuccess()).as(control.resultMessage()).isTrue();
        }
    }

    @Test
    void theIdPlaceholderWorksAndOnlyTheOwnerOrAnAdministratorMayArchiveOrRecover() {
        String uid;
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    RequestHeader.builder(V).build(),
                    List.of(
                            RequestBatchItem.of(Operation.REGISTER, registration())
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(Operation.ARCHIVE, new Archive.Request(null))
                                    .withId(Bytes.ofHex("02"))));
            assertThat(r.batchItems())
                    .allSatisfy(
                            i -> assertThat(i.isSuccess()).as(i.resultMessage()).isTrue());
            uid = r.batchItems()
                    .get(1)
                    .payload(Archive.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
        }
        try (var other = server.session(server.other)) {
            for (Operation op : List.of(Operation.ARCHIVE, Operation.RECOVER)) {
                RequestPayload p = op == Operation.ARCHIVE
                        ? new Archive.Request(UniqueIdentifier.of(uid))
                        : new Recover.Request(UniqueIdentifier.of(uid));
                assertThat(other.call(V, op, p).resultReason())
                        .as("%s by another client", op)
                        .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            }
            assertThat(other.call(V, Operation.RECOVER, new Recover.Request(UniqueIdentifier.of("no-such-object")))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND));
            assertThat(other.call(
                                    KmipVersion.V1_4,
                                    Operation.ARCHIVE,
                                    new Archive.Request(UniqueIdentifier.of("no-such-object")))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ITEM_NOT_FOUND));
        }
        try (var admin = server.session(server.admin)) {
            assertThat(admin.call(V, Operation.RECOVER, new Recover.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            assertThat(admin.call(V, Operation.GET, Get.Request.of(uid)).isSuccess())
                    .isTrue();
        }
    }

    private static final AtomicInteger SERIAL = new AtomicInteger();

    /** A key named arch-N, N the order of registration, so that Locate can find it by name. */
    private static Register.Request registration() {
        return Requests.symmetricKey(
                KEY,
                Requests.name("arch-" + SERIAL.incrementAndGet()),
                usage(
                        CryptographicUsageMask.ENCRYPT,
                        CryptographicUsageMask.DECRYPT,
                        CryptographicUsageMask.WRAP_KEY,
                        CryptographicUsageMask.UNWRAP_KEY),
                activeSince(server.clock.instant().minusSeconds(60)));
    }

    private static String register(EngineFixture.Session s) {
        return s.call(V, Operation.REGISTER, registration())
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static ResponseBatchItem wrappedGet(EngineFixture.Session s, KmipVersion v, String uid, String wrapper) {
        return s.call(v, Operation.GET, Requests.getWrappedBy(uid, wrapper));
    }

    private static Attributes attributes(EngineFixture.Session s, String uid) {
        return s.call(V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
    }

    private static long archiveDate(EngineFixture.Session s, String uid) {
        return attributes(s, uid)
                .item(ArchivedObjects.ARCHIVE_DATE, Ttlv.DateTime.class)
                .orElseThrow()
                .epochSeconds();
    }

    private static List<String> locate(EngineFixture.Session s, String uid, @Nullable Integer mask) {
        String name = attributes(s, uid)
                .value(AttributeNames.NAME, Name.class)
                .orElseThrow()
                .value();
        Locate.Response r = s.call(
                        V,
                        Operation.LOCATE,
                        new Locate.Request(null, null, mask, null, Attributes.of(Requests.name(name))))
                .payload(Locate.Response.class)
                .orElseThrow();
        return r.uniqueIdentifiers();
    }

    private static List<String> actions(String uid) {
        return server.audit.about(uid).stream().map(AuditEvent::action).toList();
    }
}
