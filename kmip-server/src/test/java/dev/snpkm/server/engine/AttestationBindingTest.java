package dev.snpkm.server.engine;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The product's core rule: a bound object's material leaves only through the gate, wrapped as the gate allows. */
class AttestationBindingTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] DEK = new byte[32];

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    static KeyPair vmKey;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < DEK.length; i++) {
            DEK[i] = (byte) (i * 7 + 1);
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        vmKey = g.generateKeyPair();
    }

    @BeforeEach
    void denyByDefault() {
        server.gate.answer(r -> new ReleaseDecision.Denied(ResultReason.PERMISSION_DENIED, "fake gate: denied"));
        server.gate.seen.clear();
    }

    /** The owner registers a known DEK; the administrator binds it. */
    private String boundDek() {
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String uid = owner.call(V, Operation.REGISTER, Requests.symmetricKey(DEK))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            ResponseBatchItem bound = admin.call(
                    V, Operation.ADD_ATTRIBUTE, new AddAttribute.Request(UniqueIdentifier.of(uid), binding("vm-disk")));
            assertThat(bound.isSuccess()).as(bound.resultMessage()).isTrue();
            return uid;
        }
    }

    private static Get.Request wrappedTo(String uid, UniqueIdentifier wrappingKey) {
        return new Get.Request(
                UniqueIdentifier.of(uid),
                null,
                null,
                null,
                new KeyWrappingSpecification(
                        EnumCode.of(WrappingMethod.ENCRYPT),
                        new KeyInformation(wrappingKey, null),
                        null,
                        List.of(),
                        null));
    }

    @Test
    void aNonAdministratorCannotBindInCreateNorChangeOrRemoveTheBinding() {
        String uid = boundDek();
        server.refusals.flushAll(); // a fresh window: the first attempt is recorded at once, the rest counted
        int mark = server.audit.size();
        try (var owner = server.session(server.owner)) {
            ResponseBatchItem create = owner.call(V, Operation.CREATE, Requests.aes(256, binding("mine")));
            ResponseBatchItem modify = owner.call(
                    V,
                    Operation.MODIFY_ATTRIBUTE,
                    new ModifyAttribute.Request(UniqueIdentifier.of(uid), null, binding("weaker")));
            ResponseBatchItem delete = owner.call(
                    V,
                    Operation.DELETE_ATTRIBUTE,
                    new DeleteAttribute.Request(UniqueIdentifier.of(uid), null, "x-attestation-policy", null));
            for (ResponseBatchItem r : List.of(create, modify, delete)) {
                assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
                assertThat(r.resultMessage()).contains("x-attestation-policy");
            }
            var attrs = owner.call(
                            V,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("x-attestation-policy")))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow();
            assertThat(attrs.attributes().text("x-attestation-policy")).contains("vm-disk");
        }
        server.refusals.flushAll();
        String ownerDn = ClientIdentity.of(server.owner.certificate()).subjectDn();
        List<AuditEvent> denied = server.audit.since(mark).stream()
                .filter(e -> e.actor().startsWith(ownerDn) && e.action().equals("binding-edit-denied"))
                .toList();
        assertThat(denied).hasSize(2);
        assertThat(denied.get(0).outcome()).isEqualTo("refused");
        assertThat(denied.get(0).detail()).contains("only an administrator may set, change or remove");
        assertThat(denied.get(1).outcome()).isEqualTo("refused-repeatedly");
        assertThat(denied.get(1).detail()).startsWith("2 more refusals");
        assertThat(server.audit.verify().intact()).isTrue();
    }

    @Test
    void the1xCustomAttributeAndThe2xVendorAttributeAreTheSameBinding() {
        String uid = boundDek();
        try (var owner = server.session(server.owner)) {
            var v14 = owner.call(
                            KmipVersion.V1_4,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("x-attestation-policy")))
                    .payload(GetAttributes.Response.class);
            assertThat(v14.orElseThrow().attributes().text("x-attestation-policy"))
                    .contains("vm-disk");
            ResponseBatchItem get = owner.call(KmipVersion.V1_4, Operation.GET, Get.Request.of(uid));
            assertThat(get.isSuccess()).isFalse();
            assertThat(server.gate.seen)
                    .singleElement()
                    .satisfies(r -> assertThat(r.policyName()).isEqualTo("vm-disk"));
        }
    }

    @Test
    void challengeRequiredFailsWithAttestationRequiredAndPutsTheNonceInTheHeader() {
        String uid = boundDek();
        Nonce nonce = new Nonce(Bytes.ofHex("0102"), Bytes.ofHex("A1A2A3A4"));
        server.gate.answer(r ->
                new ReleaseDecision.ChallengeRequired(nonce, List.of(EnumCode.of(AttestationType.SEV_SNP_REPORT))));
        try (var owner = server.session(server.owner)) {
            ResponseMessage r = owner.send(
                    RequestHeader.builder(V).attestationCapable(true).build(),
                    List.of(RequestBatchItem.of(Operation.GET, Get.Request.of(uid))));
            assertThat(r.batchItems().get(0).resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_REQUIRED));
            assertThat(r.batchItems().get(0).payload()).isNull();
            assertThat(r.header().nonce()).isEqualTo(nonce);
            assertThat(r.header().attestationTypes()).containsExactly(EnumCode.of(AttestationType.SEV_SNP_REPORT));
        }
    }

    @Test
    void aDenialPropagatesItsReasonAndMessage() {
        String uid = boundDek();
        server.gate.answer(r -> new ReleaseDecision.Denied(ResultReason.ATTESTATION_FAILED, "measurement mismatch"));
        try (var owner = server.session(server.owner)) {
            ResponseBatchItem r = owner.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_FAILED));
            assertThat(r.resultMessage()).isEqualTo("measurement mismatch");
        }
    }

    @Test
    void releaseWrapsToThePublicKeyRegisteredEarlierInTheSameBatch() throws Exception {
        String uid = boundDek();
        server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
        Register.Request vm = Requests.publicKey(
                vmKey.getPublic().getEncoded(),
                CryptographicAlgorithm.RSA,
                2048,
                usage(CryptographicUsageMask.WRAP_KEY),
                activeSince(Instant.now().minusSeconds(5)));
        try (var owner = server.session(server.owner)) {
            ResponseMessage r = owner.send(
                    RequestHeader.builder(V).build(),
                    List.of(
                            RequestBatchItem.of(Operation.REGISTER, vm).withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(Operation.GET, wrappedTo(uid, UniqueIdentifier.placeholder()))
                                    .withId(Bytes.ofHex("02"))));
            ResponseBatchItem get = r.batchItems().get(1);
            assertThat(get.isSuccess()).as(get.resultMessage()).isTrue();
            assertThat(server.gate.seen)
                    .singleElement()
                    .satisfies(q -> assertThat(q.wrappingKeySpki())
                            .isEqualTo(vmKey.getPublic().getEncoded()));
            var key = (ManagedObject.SymmetricKey)
                    get.payload(Get.Response.class).orElseThrow().object();
            byte[] wrapped =
                    ((KeyValue.Wrapped) key.keyBlock().keyValue()).bytes().toByteArray();
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    vmKey.getPrivate(),
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            Ttlv.Structure keyValue = (Ttlv.Structure) new TtlvDecoder().decode(c.doFinal(wrapped));
            assertThat(((Ttlv.ByteString) keyValue.child(Tag.KEY_MATERIAL).orElseThrow()).value())
                    .isEqualTo(DEK);
            assertThat(key.keyBlock().keyWrappingData().encryptionKey().uniqueIdentifier())
                    .isInstanceOf(UniqueIdentifier.Text.class);
        }
    }

    @Test
    void aReleaseThatDoesNotAllowUnwrappedMaterialRefusesAPlainGet() {
        String uid = boundDek();
        server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
        try (var owner = server.session(server.owner)) {
            ResponseBatchItem r = owner.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(server.gate.seen)
                    .singleElement()
                    .satisfies(q -> assertThat(q.wrappingKeySpki()).isNull());
        }
    }

    @Test
    void everyOtherRoadToBoundMaterialIsPermissionDenied() {
        String uid = boundDek();
        server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), true));
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String aesKek = owner.call(
                            V,
                            Operation.CREATE,
                            Requests.aes(
                                    256,
                                    usage(CryptographicUsageMask.WRAP_KEY),
                                    activeSince(Instant.now().minusSeconds(5))))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            String plain = owner.call(V, Operation.CREATE, Requests.aes(128))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            String boundKek = boundDek();
            admin.call(
                    V,
                    Operation.ADD_ATTRIBUTE,
                    new AddAttribute.Request(UniqueIdentifier.of(boundKek), usage(CryptographicUsageMask.WRAP_KEY)));

            ResponseBatchItem symmetricWrap = owner.call(V, Operation.GET, wrappedTo(uid, UniqueIdentifier.of(aesKek)));
            ResponseBatchItem boundAsKek =
                    owner.call(V, Operation.GET, wrappedTo(plain, UniqueIdentifier.of(boundKek)));
            ResponseBatchItem reKey =
                    owner.call(V, Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(uid), null, null, null));
            ResponseBatchItem export =
                    owner.call(V, Operation.EXPORT, new RawPayload(List.of(Ttlv.text(Tag.UNIQUE_IDENTIFIER, uid))));
            ResponseBatchItem adminWrap = admin.call(V, Operation.GET, wrappedTo(uid, UniqueIdentifier.of(aesKek)));
            for (ResponseBatchItem r : List.of(symmetricWrap, boundAsKek, reKey, export, adminWrap)) {
                assertThat(r.resultReason())
                        .as(r.resultMessage())
                        .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
                assertThat(r.resultMessage()).containsAnyOf("bound", "attestation");
            }
            assertThat(server.gate.seen).isEmpty();
            // Export is served (KMIP 2.1 §6.1): the same request on an unbound key succeeds, so the binding alone
            // refused it above.
            ResponseBatchItem exportUnbound =
                    owner.call(V, Operation.EXPORT, new RawPayload(List.of(Ttlv.text(Tag.UNIQUE_IDENTIFIER, plain))));
            assertThat(exportUnbound.isSuccess())
                    .as(exportUnbound.resultMessage())
                    .isTrue();
        }
    }

    @Test
    void administratorsStillNeedTheGateForBoundMaterial() {
        String uid = boundDek();
        try (var admin = server.session(server.admin)) {
            ResponseBatchItem r = admin.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(server.gate.seen)
                    .singleElement()
                    .satisfies(q -> assertThat(q.client().commonName()).contains("key-admin"));
        }
    }

    @Test
    void objectsOfOthersArePermissionDeniedButAdministratorsMayUseThem() {
        try (var owner = server.session(server.owner);
                var other = server.session(server.other);
                var admin = server.session(server.admin)) {
            String uid = owner.call(V, Operation.REGISTER, Requests.symmetricKey(DEK))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            for (Operation op : List.of(Operation.GET, Operation.GET_ATTRIBUTES, Operation.DESTROY)) {
                ResponseBatchItem r = other.call(
                        V,
                        op,
                        op == Operation.GET
                                ? Get.Request.of(uid)
                                : op == Operation.GET_ATTRIBUTES
                                        ? new GetAttributes.Request(UniqueIdentifier.of(uid), List.of())
                                        : new dev.snpkm.kmip.payload.Destroy.Request(UniqueIdentifier.of(uid)));
                assertThat(r.resultReason()).as(op.name()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            }
            var got = admin.call(V, Operation.GET, Get.Request.of(uid))
                    .payload(Get.Response.class)
                    .orElseThrow();
            var block = ((ManagedObject.SymmetricKey) got.object()).keyBlock();
            assertThat(((dev.snpkm.kmip.object.KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material())
                            .bytes()
                            .toByteArray())
                    .isEqualTo(DEK);
        }
    }
}
