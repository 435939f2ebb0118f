package dev.snpkm.server.operations.access;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ObtainLease;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestPki;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disclosure an independent review found: an administrator grants a DEK to a VM's certificate and forgets
 * {@code keys bind}, and anyone holding a copy of the VM's disk image (its client key sits in the initramfs) Gets the
 * DEK. Every route is tried over real TLS with the VM's certificate, and no response may carry the key's bytes.
 */
class UnattestedMaterialRuleTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private final byte[] dek = new byte[32];

    @BeforeEach
    void freshKeyAndDenyingGate() {
        new SecureRandom().nextBytes(dek);
        server.gate.answer(r -> new ReleaseDecision.Denied(ResultReason.PERMISSION_DENIED, "fake gate: denied"));
        server.gate.seen.clear();
        server.gate.refusals.clear();
    }

    private static Attribute grantTo(TestPki.Credential who) {
        return Attribute.of(
                "x-authorized-client",
                Ttlv.text(
                        Tag.ATTRIBUTE_VALUE,
                        ClientIdentity.of(who.certificate()).subjectDn()));
    }

    /** The administrator's provisioning with the mistake: registered, activated, granted, never bound. */
    private String grantedUnbound(TestPki.Credential to, String name) {
        try (var admin = server.session(server.admin)) {
            ResponseBatchItem r = admin.call(
                    V,
                    Operation.REGISTER,
                    Requests.symmetricKey(
                            dek,
                            grantTo(to),
                            Requests.name(name),
                            activeSince(Instant.now().minusSeconds(5))));
            assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
            return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
        }
    }

    private void assertNoDek(ResponseMessage m) {
        byte[] wire = TtlvEncoder.encode(MessageMapper.toTtlv(m));
        assertThat(Bytes.of(wire).hex())
                .as("the response must not carry the DEK")
                .doesNotContain(Bytes.of(dek).hex());
    }

    private static void assertDenied(ResponseBatchItem r) {
        assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
    }

    private static ResponseMessage send(EngineFixture.Session s, KmipVersion v, RequestBatchItem... items) {
        List<RequestBatchItem> numbered = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            numbered.add(items[i].withId(Bytes.of(new byte[] {(byte) (i + 1)})));
        }
        return s.send(RequestHeader.builder(v).build(), numbered);
    }

    @Test
    void aVmGrantedAnUnboundKeyGetsNoMaterialByAnyRoute() throws Exception {
        String name = "vm-1-disk-" + UUID.randomUUID();
        String uid = grantedUnbound(server.vm, name);
        var ec = KeyPairGenerator.getInstance("RSA");
        ec.initialize(2048);
        Register.Request ephemeral = Requests.publicKey(
                ec.generateKeyPair().getPublic().getEncoded(),
                CryptographicAlgorithm.RSA,
                2048,
                usage(CryptographicUsageMask.WRAP_KEY),
                activeSince(Instant.now().minusSeconds(5)));
        Get.Request wrapped = new Get.Request(
                UniqueIdentifier.of(uid),
                null,
                null,
                null,
                new KeyWrappingSpecification(
                        EnumCode.of(WrappingMethod.ENCRYPT),
                        new KeyInformation(UniqueIdentifier.placeholder(), null),
                        null,
                        List.of(),
                        null));
        try (var vm = server.session(server.vm)) {
            List<ResponseMessage> answers = List.of(
                    send(vm, V, RequestBatchItem.of(Operation.GET, Get.Request.of(uid))),
                    send(vm, KmipVersion.V1_4, RequestBatchItem.of(Operation.GET, Get.Request.of(uid))),
                    send(
                            vm,
                            V,
                            RequestBatchItem.of(Operation.REGISTER, ephemeral),
                            RequestBatchItem.of(Operation.GET, wrapped)),
                    send(
                            vm,
                            V,
                            RequestBatchItem.of(
                                    Operation.LOCATE, Locate.Request.of(Attributes.of(Requests.name(name)))),
                            RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null))),
                    send(
                            vm,
                            V,
                            RequestBatchItem.of(
                                    Operation.EXPORT, new RawPayload(List.of(Ttlv.text(Tag.UNIQUE_IDENTIFIER, uid))))));
            for (ResponseMessage m : answers) {
                assertNoDek(m);
                ResponseBatchItem last = m.batchItems().get(m.batchItems().size() - 1);
                assertThat(last.isSuccess()).as(last.resultMessage()).isFalse();
            }
            assertDenied(answers.get(0).batchItems().get(0));
            assertThat(answers.get(0).batchItems().get(0).resultMessage()).contains("not bound", "VM identity");
            assertDenied(answers.get(1).batchItems().get(0));
            assertDenied(answers.get(2).batchItems().get(1));
            assertThat(answers.get(3).batchItems().get(0).isSuccess())
                    .as("Locate lists the granted key")
                    .isTrue();
            assertDenied(answers.get(3).batchItems().get(1));

            // Reading metadata and leasing stay possible, and carry no material.
            ResponseMessage attributes = send(
                    vm,
                    V,
                    RequestBatchItem.of(
                            Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of())),
                    RequestBatchItem.of(Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(uid))));
            assertNoDek(attributes);
            assertThat(attributes.batchItems().get(0).isSuccess()).isTrue();
            // A grant is read-only: Re-key (which would make a new key the VM owns) is refused.
            ResponseMessage reKey = send(
                    vm,
                    V,
                    RequestBatchItem.of(
                            Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(uid), null, null, null)),
                    RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null)));
            assertNoDek(reKey);
            assertDenied(reKey.batchItems().get(0));
        }
        assertThat(server.gate.seen).as("an unbound key never reaches the gate").isEmpty();
        assertThat(server.gate.refusals)
                .as("each refusal is recorded")
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(r -> assertThat(r).contains(uid));
    }

    @Test
    void aVmNeverReadsTheMaterialOfAKeyItOwnsUnlessItIsBound() {
        try (var vm = server.session(server.vm)) {
            // The appliance README's older flow: the key made with the guest's own certificate, bind forgotten.
            ResponseMessage created = send(
                    vm,
                    V,
                    RequestBatchItem.of(
                            Operation.REGISTER,
                            Requests.symmetricKey(dek, activeSince(Instant.now().minusSeconds(5)))),
                    RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null)),
                    RequestBatchItem.of(Operation.RE_KEY, new ReKey.Request(null, null, null, null)));
            assertNoDek(created);
            assertThat(created.batchItems().get(0).isSuccess()).isTrue();
            assertDenied(created.batchItems().get(1));
            String uid = created.batchItems()
                    .get(0)
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            // Re-key of its own key, then a Get of the new key through the placeholder: still nothing.
            ResponseMessage reKeyed = send(
                    vm,
                    V,
                    RequestBatchItem.of(
                            Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(uid), null, null, null)),
                    RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null)));
            assertThat(reKeyed.batchItems().get(0).isSuccess())
                    .as(reKeyed.batchItems().get(0).resultMessage())
                    .isTrue();
            assertDenied(reKeyed.batchItems().get(1));
            ResponseBatchItem made = vm.call(V, Operation.CREATE, Requests.aes(256));
            String createdUid =
                    made.payload(Create.Response.class).orElseThrow().uniqueIdentifier();
            vm.call(V, Operation.ACTIVATE, new Activate.Request(UniqueIdentifier.of(createdUid)));
            assertDenied(vm.call(V, Operation.GET, Get.Request.of(createdUid)));
        }
    }

    @Test
    void aVmListedInTheConfigurationIsAVmToo() {
        String uid = grantedUnbound(server.listedVm, "listed-" + UUID.randomUUID());
        try (var vm = server.session(server.listedVm)) {
            ResponseMessage m = send(vm, V, RequestBatchItem.of(Operation.GET, Get.Request.of(uid)));
            assertNoDek(m);
            assertDenied(m.batchItems().get(0));
        }
    }

    @Test
    void aGrantWithoutABindingConveysNoMaterialEvenToAnOrdinaryClient() {
        // The VM's certificate was issued without the VM role (an operator mistake): the grant still does not leak.
        String uid = grantedUnbound(server.other, "other-" + UUID.randomUUID());
        try (var other = server.session(server.other)) {
            ResponseMessage m = send(other, V, RequestBatchItem.of(Operation.GET, Get.Request.of(uid)));
            assertNoDek(m);
            assertDenied(m.batchItems().get(0));
            assertThat(m.batchItems().get(0).resultMessage()).contains("only a grant");
        }
    }

    @Test
    void onceBoundTheVmsGetGoesToTheGateAndOwnersAndAdministratorsAreUnaffected() {
        String uid = grantedUnbound(server.vm, "bound-" + UUID.randomUUID());
        try (var admin = server.session(server.admin);
                var vm = server.session(server.vm);
                var owner = server.session(server.owner)) {
            ResponseBatchItem unboundByAdmin = admin.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(unboundByAdmin.isSuccess())
                    .as(unboundByAdmin.resultMessage())
                    .isTrue();
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new dev.snpkm.kmip.payload.AddAttribute.Request(
                                            UniqueIdentifier.of(uid), binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            assertDenied(vm.call(V, Operation.GET, Get.Request.of(uid)));
            assertThat(server.gate.seen)
                    .singleElement()
                    .satisfies(q -> assertThat(q.client().commonName()).contains("vm-guest"));
            // An ordinary client (a storage system) still reads the keys it owns.
            String own = owner.call(V, Operation.REGISTER, Requests.symmetricKey(dek))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(owner.call(V, Operation.GET, Get.Request.of(own)).isSuccess())
                    .isTrue();
        }
    }
}
