package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Public Key registered with x-ephemeral = "batch" (the attested release's round 2, docs/KEY-WRAPPING.md): it wraps
 * the release in the batch that registers it and is never stored, so no Locate, no later batch and no other
 * operation finds it.
 */
class BatchScopedWrappingKeyTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] DEK = new byte[32];
    private static final CryptographicParameters KW = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.NIST_KEY_WRAP)
            .build();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    static KeyPair vmKey;

    @BeforeAll
    static void keys() throws Exception {
        vmKey = EcdhWrappedGetTest.ecKeyPair("secp384r1");
    }

    @BeforeEach
    void releaseWrappedOnly() {
        server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
        server.gate.seen.clear();
    }

    private static Register.Request ephemeral(String lifetime, dev.snpkm.kmip.attribute.Attribute... more) {
        List<dev.snpkm.kmip.attribute.Attribute> a = new ArrayList<>(List.of(
                usage(CryptographicUsageMask.WRAP_KEY), AttributeFactory.text(AttributeNames.X_EPHEMERAL, lifetime)));
        a.addAll(List.of(more));
        return Requests.publicKey(
                vmKey.getPublic().getEncoded(),
                CryptographicAlgorithm.EC,
                384,
                a.toArray(dev.snpkm.kmip.attribute.Attribute[]::new));
    }

    private static Get.Request wrappedTo(String uid, UniqueIdentifier key) {
        return new Get.Request(
                UniqueIdentifier.of(uid),
                null,
                null,
                null,
                new KeyWrappingSpecification(
                        EnumCode.of(WrappingMethod.ENCRYPT), new KeyInformation(key, KW), null, List.of(), null));
    }

    private static String boundDek() {
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String uid = owner.call(V, Operation.REGISTER, Requests.symmetricKey(DEK))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new dev.snpkm.kmip.payload.AddAttribute.Request(
                                            UniqueIdentifier.of(uid), Requests.binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            return uid;
        }
    }

    private static List<ResponseBatchItem> batch(RequestBatchItem... items) {
        List<RequestBatchItem> numbered = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            numbered.add(items[i].withId(dev.snpkm.kmip.types.Bytes.of(new byte[] {(byte) (i + 1)})));
        }
        try (var owner = server.session(server.owner)) {
            return owner.send(RequestHeader.builder(V).build(), numbered).batchItems();
        }
    }

    @Test
    void theReleaseIsWrappedToTheBatchScopedKeyWhichIsNeverStored() throws Exception {
        String uid = boundDek();
        long stored = server.storedObjects();

        List<ResponseBatchItem> items = batch(
                RequestBatchItem.of(Operation.REGISTER, ephemeral("batch")),
                RequestBatchItem.of(Operation.GET, wrappedTo(uid, UniqueIdentifier.placeholder())));

        assertThat(items.get(0).isSuccess()).as(items.get(0).resultMessage()).isTrue();
        String ephemeralUid =
                items.get(0).payload(Register.Response.class).orElseThrow().uniqueIdentifier();
        assertThat(items.get(1).isSuccess()).as(items.get(1).resultMessage()).isTrue();
        var block = ((ManagedObject.SymmetricKey)
                        items.get(1).payload(Get.Response.class).orElseThrow().object())
                .keyBlock();
        byte[] wrapped = ((KeyValue.Wrapped) block.keyValue()).bytes().toByteArray();
        assertThat(EcdhWrappedGetTest.unwrap(vmKey, wrapped, "AES/KW/NoPadding"))
                .hasSize(48);
        assertThat(server.gate.seen)
                .singleElement()
                .satisfies(q -> assertThat(q.wrappingKeySpki())
                        .isEqualTo(vmKey.getPublic().getEncoded()));
        assertThat(server.storedObjects())
                .as("nothing stored for the ephemeral key")
                .isEqualTo(stored);
        try (var owner = server.session(server.owner)) {
            ResponseBatchItem located =
                    owner.call(V, Operation.LOCATE, Locate.Request.of(dev.snpkm.kmip.attribute.Attributes.EMPTY));
            assertThat(located.payload(Locate.Response.class).orElseThrow().uniqueIdentifiers())
                    .doesNotContain(ephemeralUid);
        }
    }

    @Test
    void aLaterBatchCannotUseTheKey() {
        String uid = boundDek();
        String ephemeralUid = batch(RequestBatchItem.of(Operation.REGISTER, ephemeral("batch")))
                .get(0)
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();

        ResponseBatchItem get = batch(
                        RequestBatchItem.of(Operation.GET, wrappedTo(uid, UniqueIdentifier.of(ephemeralUid))))
                .get(0);

        assertThat(get.isSuccess()).isFalse();
        assertThat(get.resultMessage()).contains(ephemeralUid);
        assertThat(server.gate.seen).isEmpty();
    }

    @Test
    void noOtherOperationFindsItEvenInItsOwnBatch() {
        List<ResponseBatchItem> items = batch(
                RequestBatchItem.of(Operation.REGISTER, ephemeral("batch")),
                RequestBatchItem.of(Operation.ACTIVATE, new Activate.Request(null)));
        assertThat(items.get(1).resultReason()).isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND)); // 2.x name
    }

    @Test
    void onlyAPublicKeyWithTheBatchLifetimeAndWrappingAttributesIsAccepted() {
        ResponseBatchItem forever = batch(RequestBatchItem.of(Operation.REGISTER, ephemeral("forever")))
                .get(0);
        assertThat(forever.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        assertThat(forever.resultMessage()).contains("x-ephemeral takes the Text String \"batch\"");

        ResponseBatchItem named = batch(
                        RequestBatchItem.of(Operation.REGISTER, ephemeral("batch", Requests.name("vm-key"))))
                .get(0);
        assertThat(named.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        assertThat(named.resultMessage()).contains("takes no Name");

        ResponseBatchItem symmetric = batch(RequestBatchItem.of(
                        Operation.REGISTER,
                        Requests.symmetricKey(DEK, AttributeFactory.text(AttributeNames.X_EPHEMERAL, "batch"))))
                .get(0);
        assertThat(symmetric.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        assertThat(symmetric.resultMessage()).contains("only to a Public Key");
    }
}
