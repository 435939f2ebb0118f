package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.List;
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

    private String adminKey(Attribute... attributes) {
        try (var admin = server.session(server.admin)) {
            ResponseBatchItem r = admin.call(V, Operation.REGISTER, Requests.symmetricKey(DEK, attributes));
            assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
            return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
        }
    }

    @Test
    void aGrantedClientMayGetTheKeyButNotDestroyIt() {
        String uid = adminKey(grantTo(otherDn()));
        try (var other = server.session(server.other)) {
            var got = other.call(V, Operation.GET, Get.Request.of(uid)).payload(Get.Response.class).orElseThrow();
            var block = ((ManagedObject.SymmetricKey) got.object()).keyBlock();
            assertThat(((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material()).bytes().toByteArray())
                    .isEqualTo(DEK);
            assertThat(other.call(V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid),
                    List.of())).isSuccess()).isTrue();
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
                    .payload(Register.Response.class).orElseThrow().uniqueIdentifier();
            ResponseBatchItem r = owner.call(V, Operation.ADD_ATTRIBUTE,
                    new AddAttribute.Request(UniqueIdentifier.of(uid), grantTo(otherDn())));
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
            assertThat(server.gate.seen).singleElement()
                    .satisfies(q -> assertThat(q.client().subjectDn()).isEqualTo(otherDn()));
        }
    }
}
