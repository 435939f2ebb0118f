package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.StorageStatusMask;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestPki;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An administrator grants another identity read access with {@code x-authorized-client} (e.g. the VM that unlocks its
 * disk with an administrator-made key): the grantee may read, never change or destroy, and a grant never bypasses the
 * attestation gate.
 */
class AccessGrantTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] DEK = new byte[32];

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @BeforeAll
    static void start() {
        java.util.Arrays.fill(DEK, (byte) 0x5A);
    }

    private static Attribute grantTo(String identity) {
        return Attribute.of("x-authorized-client", Ttlv.text(Tag.ATTRIBUTE_VALUE, identity));
    }

    private static String otherDn() {
        return ClientIdentity.of(server.other.certificate()).subjectDn();
    }

    private static String otherFingerprint() {
        return ClientIdentity.of(server.other.certificate()).sha256Fingerprint();
    }

    /** A label of this test's own, as the fixture's server outlives one test. */
    private static String unique(String label) {
        return label + "-" + UUID.randomUUID();
    }

    private static Locate.Response locate(EngineFixture.Session s, Locate.Request request) {
        ResponseBatchItem r = s.call(V, Operation.LOCATE, request);
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Locate.Response.class).orElseThrow();
    }

    private static List<String> locateByName(EngineFixture.Session s, String name) {
        return locate(s, Locate.Request.of(Attributes.of(Requests.name(name)))).uniqueIdentifiers();
    }

    private static String register(TestPki.Credential who, Attribute... attributes) {
        try (var s = server.session(who)) {
            ResponseBatchItem r = s.call(V, Operation.REGISTER, Requests.symmetricKey(DEK, attributes));
            assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
            return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
        }
    }

    private static String adminKey(Attribute... attributes) {
        return register(server.admin, attributes);
    }

    @Test
    void aGrantedClientMayReadAttributesButNotDestroyAndGetsAnUnboundKeysMaterialNever() {
        String uid = adminKey(grantTo(otherDn()));
        try (var other = server.session(server.other)) {
            ResponseBatchItem get = other.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(get.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(get.resultMessage()).contains("not bound");
            assertThat(other.call(
                                    V,
                                    Operation.GET_ATTRIBUTES,
                                    new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                            .isSuccess())
                    .isTrue();
            ResponseBatchItem destroy = other.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)));
            assertThat(destroy.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(destroy.resultMessage()).contains("only granted");
        }
    }

    @Test
    void withoutAGrantAnotherClientIsDenied() {
        String uid = adminKey();
        try (var other = server.session(server.other)) {
            ResponseBatchItem r = other.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    @Test
    void onlyAnAdministratorMayGrant() {
        try (var owner = server.session(server.owner)) {
            String uid = owner.call(V, Operation.REGISTER, Requests.symmetricKey(DEK))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            ResponseBatchItem r = owner.call(
                    V, Operation.ADD_ATTRIBUTE, new AddAttribute.Request(UniqueIdentifier.of(uid), grantTo(otherDn())));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(r.resultMessage()).contains("x-authorized-client");
        }
    }

    @Test
    void aGrantNeverBypassesTheAttestationGate() {
        server.gate.answer(q -> new ReleaseDecision.Denied(ResultReason.PERMISSION_DENIED, "fake gate: denied"));
        server.gate.seen.clear();
        String uid = adminKey(grantTo(otherDn()), Requests.binding("vm-disk"));
        try (var other = server.session(server.other)) {
            ResponseBatchItem r = other.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(server.gate.seen)
                    .singleElement()
                    .satisfies(q -> assertThat(q.client().subjectDn()).isEqualTo(otherDn()));
        }
    }

    @Test
    void aGranteeLocatesByNameWhatWasGrantedToItByDnOrFingerprintAndNothingElse() {
        String disk = unique("vm-disk");
        String swap = unique("vm-swap");
        String byDn = adminKey(Requests.name(disk), grantTo(otherDn()));
        String byFingerprint = adminKey(Requests.name(swap), grantTo(otherFingerprint()));
        String ownersDisk = register(server.owner, Requests.name(disk)); // another client's, same name
        String notGranted = adminKey(Requests.name(unique("vm-disk")));
        String grantedToOwner = adminKey(
                Requests.name(swap + "-owner"),
                grantTo(ClientIdentity.of(server.owner.certificate()).subjectDn()));
        try (var other = server.session(server.other)) {
            assertThat(locateByName(other, disk)).containsExactly(byDn);
            assertThat(locateByName(other, swap)).containsExactly(byFingerprint);
            assertThat(locate(other, Locate.Request.of(Attributes.EMPTY)).uniqueIdentifiers())
                    .contains(byDn, byFingerprint)
                    .doesNotContain(ownersDisk, notGranted, grantedToOwner);
        }
        try (var owner = server.session(server.owner)) {
            assertThat(locateByName(owner, disk)).containsExactly(ownersDisk);
        }
        try (var admin = server.session(server.admin)) {
            assertThat(locateByName(admin, disk)).containsExactlyInAnyOrder(byDn, ownersDisk);
        }
    }

    @Test
    void onceTheAdministratorRemovesOrChangesTheGrantLocateNoLongerListsIt() {
        String deleted = unique("deleted-grant");
        String modified = unique("modified-grant");
        String a = adminKey(Requests.name(deleted), grantTo(otherDn()));
        String b = adminKey(Requests.name(modified), grantTo(otherFingerprint()));
        try (var other = server.session(server.other)) {
            assertThat(locateByName(other, deleted)).containsExactly(a);
            assertThat(locateByName(other, modified)).containsExactly(b);
        }
        try (var admin = server.session(server.admin)) {
            assertThat(admin.call(
                                    V,
                                    Operation.DELETE_ATTRIBUTE,
                                    new DeleteAttribute.Request(
                                            UniqueIdentifier.of(a), null, "x-authorized-client", null))
                            .isSuccess())
                    .isTrue();
            ResponseBatchItem modify = admin.call(
                    V,
                    Operation.MODIFY_ATTRIBUTE,
                    new ModifyAttribute.Request(
                            UniqueIdentifier.of(b),
                            null,
                            grantTo(ClientIdentity.of(server.owner.certificate())
                                    .subjectDn())));
            assertThat(modify.isSuccess()).as(modify.resultMessage()).isTrue();
        }
        try (var other = server.session(server.other)) {
            assertThat(locateByName(other, deleted)).isEmpty();
            assertThat(locateByName(other, modified)).isEmpty();
            assertThat(other.call(V, Operation.GET, Get.Request.of(a)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
        try (var owner = server.session(server.owner)) {
            assertThat(locateByName(owner, modified)).containsExactly(b); // the grant moved to the owner client
        }
    }

    @Test
    void aBoundKeyLocatedThroughAGrantIsStillReleasedOnlyByTheGate() {
        server.gate.answer(q -> new ReleaseDecision.Denied(ResultReason.PERMISSION_DENIED, "fake gate: no evidence"));
        server.gate.seen.clear();
        String disk = unique("bound-disk");
        String uid = adminKey(Requests.name(disk), grantTo(otherDn()), Requests.binding("vm-disk"));
        try (var other = server.session(server.other)) {
            ResponseMessage r = other.send(
                    RequestHeader.builder(V).build(),
                    List.of(
                            RequestBatchItem.of(Operation.LOCATE, Locate.Request.of(Attributes.of(Requests.name(disk))))
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(
                                            Operation.GET,
                                            new Get.Request(UniqueIdentifier.placeholder(), null, null, null, null))
                                    .withId(Bytes.ofHex("02"))));
            assertThat(r.batchItems()
                            .get(0)
                            .payload(Locate.Response.class)
                            .orElseThrow()
                            .uniqueIdentifiers())
                    .containsExactly(uid);
            ResponseBatchItem get = r.batchItems().get(1);
            assertThat(get.isSuccess()).isFalse();
            assertThat(get.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(get.payload(Get.Response.class)).isEmpty();
            assertThat(server.gate.seen).singleElement().satisfies(q -> {
                assertThat(q.client().subjectDn()).isEqualTo(otherDn());
                assertThat(q.objectUid()).isEqualTo(uid);
            });
        }
    }

    @Test
    void pagingCountsTheGrantedObjectsWithTheClientsOwn() {
        Attribute page = AttributeFactory.text("x-grant-page", unique("page"));
        List<String> visible = List.of(
                adminKey(page, grantTo(otherDn())),
                register(server.other, page),
                adminKey(page, grantTo(otherFingerprint())),
                adminKey(page, grantTo(otherDn()), grantTo(otherDn())));
        adminKey(page);
        register(server.owner, page);
        // KMIP 2.x lists the newest first, and pages from there.
        List<String> newestFirst = List.of(visible.get(3), visible.get(2), visible.get(1), visible.get(0));
        try (var other = server.session(server.other)) {
            Locate.Response all = locate(other, new Locate.Request(null, 0, null, null, Attributes.of(page)));
            assertThat(all.locatedItems()).isEqualTo(4);
            assertThat(all.uniqueIdentifiers()).containsExactlyElementsOf(newestFirst);
            Locate.Response second = locate(other, new Locate.Request(2, 1, null, null, Attributes.of(page)));
            assertThat(second.locatedItems()).isEqualTo(4);
            assertThat(second.uniqueIdentifiers()).containsExactlyElementsOf(newestFirst.subList(1, 3));
            Locate.Response last = locate(other, new Locate.Request(2, 3, null, null, Attributes.of(page)));
            assertThat(last.uniqueIdentifiers()).containsExactly(newestFirst.get(3));
        }
    }

    @Test
    void aGrantTooLongToBeAnIdentityIsRefused() {
        ResponseBatchItem r;
        try (var admin = server.session(server.admin)) {
            r = admin.call(V, Operation.REGISTER, Requests.symmetricKey(DEK, grantTo("CN=" + "x".repeat(1024))));
        }
        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        assertThat(r.resultMessage()).contains("x-authorized-client").contains("1024");
    }

    @Test
    void aDestroyedGrantedKeyIsListedToItsGranteeUnderTheDestroyedMaskAsToItsOwner() {
        String disk = unique("destroyed-disk");
        String uid = adminKey(Requests.name(disk), grantTo(otherDn()));
        try (var admin = server.session(server.admin)) {
            assertThat(admin.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
        }
        Locate.Request destroyed = new Locate.Request(
                null, null, StorageStatusMask.DESTROYED_STORAGE.value(), null, Attributes.of(Requests.name(disk)));
        try (var other = server.session(server.other)) {
            assertThat(locateByName(other, disk)).isEmpty();
            assertThat(locate(other, destroyed).uniqueIdentifiers()).containsExactly(uid);
        }
        try (var admin = server.session(server.admin)) {
            assertThat(locate(admin, destroyed).uniqueIdentifiers()).containsExactly(uid);
        }
    }
}
