package dev.snpkm.server.operations.access;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every admin action and every refusal leaves a record, over real TLS into the real keyed audit chain. The review's
 * case first: an administrator unbinds a key, Gets it, and binds it again; before, no record said so.
 */
class ActionRecordsTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static final byte[] DEK = new byte[32];

    private static String register(EngineFixture.Session s, Attribute... attributes) {
        ResponseBatchItem r = s.call(V, Operation.REGISTER, Requests.symmetricKey(DEK, attributes));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
    }

    private static List<String> actions(String uid) {
        return server.audit.about(uid).stream()
                .map(e -> e.action() + ":" + e.outcome())
                .toList();
    }

    @Test
    void unbindGetRebindByAnAdministratorIsRecordedStepByStep() {
        try (var admin = server.session(server.admin)) {
            String uid = register(
                    admin, binding("vm-disk"), activeSince(Instant.now().minusSeconds(5)));
            assertThat(admin.call(
                                    V,
                                    Operation.DELETE_ATTRIBUTE,
                                    new DeleteAttribute.Request(
                                            UniqueIdentifier.of(uid), null, "x-attestation-policy", null))
                            .isSuccess())
                    .isTrue();
            assertThat(admin.call(V, Operation.GET, Get.Request.of(uid)).isSuccess())
                    .isTrue();
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(uid), binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            assertThat(actions(uid))
                    .containsExactly("Register:success", "unbind:success", "Get:success", "bind:success");
            List<AuditEvent> records = server.audit.about(uid);
            String adminDn = ClientIdentity.of(server.admin.certificate()).subjectDn();
            assertThat(records).allSatisfy(e -> assertThat(e.actor()).startsWith(adminDn + " sha256:"));
            assertThat(records.get(0).detail()).contains("bound to policy 'vm-disk'");
            assertThat(records.get(1).detail()).contains("was policy 'vm-disk'");
            assertThat(server.audit.verify().intact()).isTrue();
        }
    }

    @Test
    void grantsUngrantsAndTheLifecycleAreRecorded() {
        String other = ClientIdentity.of(server.other.certificate()).subjectDn();
        try (var admin = server.session(server.admin)) {
            String uid = register(admin, activeSince(Instant.now().minusSeconds(5)));
            Attribute grant = Attribute.of("x-authorized-client", Ttlv.text(Tag.ATTRIBUTE_VALUE, other));
            assertThat(admin.call(V, Operation.ADD_ATTRIBUTE, new AddAttribute.Request(UniqueIdentifier.of(uid), grant))
                            .isSuccess())
                    .isTrue();
            assertThat(admin.call(
                                    V,
                                    Operation.DELETE_ATTRIBUTE,
                                    new DeleteAttribute.Request(
                                            UniqueIdentifier.of(uid), null, "x-authorized-client", null))
                            .isSuccess())
                    .isTrue();
            assertThat(admin.call(
                                    V,
                                    Operation.REVOKE,
                                    new Revoke.Request(
                                            UniqueIdentifier.of(uid),
                                            dev.snpkm.kmip.attribute.RevocationReason.of(
                                                    dev.snpkm.kmip.enums.RevocationReasonCode.CESSATION_OF_OPERATION),
                                            null))
                            .isSuccess())
                    .isTrue();
            assertThat(admin.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            assertThat(actions(uid))
                    .containsExactly(
                            "Register:success",
                            "grant:success",
                            "ungrant:success",
                            "Revoke:success",
                            "Destroy:success");
            assertThat(server.audit.about(uid).get(1).detail()).contains(other);
        }
    }

    @Test
    void aFailedOrUndoneItemLeavesNoActionRecord() {
        try (var admin = server.session(server.admin)) {
            String name = "undo-" + UUID.randomUUID();
            var r = admin.send(
                    RequestHeader.builder(V)
                            .batchErrorContinuationOption(BatchErrorContinuationOption.UNDO)
                            .build(),
                    List.of(
                            RequestBatchItem.of(Operation.REGISTER, Requests.symmetricKey(DEK, Requests.name(name)))
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(Operation.GET, Get.Request.of("no-such-object"))
                                    .withId(Bytes.ofHex("02"))));
            String undone = r.batchItems()
                    .get(0)
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(actions(undone)).isEmpty();
        }
    }

    @Test
    void permissionDeniedIsRecordedOncePerClientAndIntervalThenCounted() {
        String uid;
        try (var owner = server.session(server.owner)) {
            uid = register(owner);
        }
        try (var other = server.session(server.other)) {
            for (int i = 0; i < 50; i++) {
                assertThat(other.call(V, Operation.GET, Get.Request.of(uid)).resultReason())
                        .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            }
            assertThat(other.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(uid), binding("mine")))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
        String otherDn = ClientIdentity.of(server.other.certificate()).subjectDn();
        List<AuditEvent> denied = server.audit.events.stream()
                .filter(e -> e.actor().startsWith(otherDn) && e.action().equals("access-denied"))
                .toList();
        assertThat(denied).singleElement().satisfies(e -> {
            assertThat(e.objectUid()).isEqualTo(uid);
            assertThat(e.outcome()).isEqualTo("refused");
            assertThat(e.detail()).contains("belongs to another client");
        });
        server.refusals.flushAll();
        assertThat(server.audit.events.stream()
                        .filter(e -> e.actor().startsWith(otherDn)
                                && e.action().equals("access-denied")
                                && e.outcome().equals("refused-repeatedly")))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("50 more refusals"));
        assertThat(server.audit.verify().intact()).isTrue();
    }
}
