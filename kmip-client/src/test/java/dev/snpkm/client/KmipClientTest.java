package dev.snpkm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.release.KeyReleaseGate;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every typed call against our real server over TLS (KmipServerBuilder, H2 file, test PKI). */
@Timeout(60)
class KmipClientTest {
    @TempDir
    static Path dir;

    static TestKeyServer kms;
    static KmipClient owner;

    @BeforeAll
    static void start() throws Exception {
        kms = TestKeyServer.start(dir, KeyReleaseGate.DENY_ALL);
        owner = kms.client(kms.owner);
    }

    @AfterAll
    static void stop() {
        owner.close();
        kms.close();
    }

    private static byte[] rawMaterial(ManagedObject o) {
        KeyBlock b = ((ManagedObject.SymmetricKey) o).keyBlock();
        return ((KeyMaterial.Raw) ((KeyValue.Plain) b.keyValue()).material())
                .bytes()
                .toByteArray();
    }

    @Test
    void negotiatesTheNewestCommonVersionCappedAt21() throws Exception {
        assertThat(owner.protocolVersion()).isEqualTo(KmipVersion.V2_1);
        assertThat(owner.discoverVersions()).startsWith(KmipVersion.V2_1, KmipVersion.V2_0, KmipVersion.V1_4);
        try (KmipClient capped =
                new KmipClient(kms.transport(kms.owner), new KmipClient.Options(null, KmipVersion.V1_4, null, null))) {
            assertThat(capped.protocolVersion()).isEqualTo(KmipVersion.V1_4);
            assertThat(capped.discoverVersions()).doesNotContain(KmipVersion.V2_0, KmipVersion.V2_1);
        }
    }

    @Test
    void aBatchStoppedByAFailedItemReportsThatItemsReason() {
        // The server stops at the failed Destroy and answers one item: the caller must see its reason (the client
        // negotiated 2.1, where an unknown identifier is Object Not Found).
        assertThatThrownBy(() -> owner.batch()
                        .destroy("no-such-object")
                        .activate("no-such-object")
                        .execute())
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.resultReason()).isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND)));
    }

    @Test
    void createdKeyCanBeFetchedActivatedRevokedAndDestroyed() throws Exception {
        String uid = owner.create(
                CryptographicAlgorithm.AES,
                256,
                KeyAttributes.name("client-test-create"),
                KeyAttributes.usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT));
        ManagedObject key = owner.get(uid, KeyFormatType.RAW);
        assertThat(rawMaterial(key)).hasSize(32);
        key.destroy();

        owner.activate(uid);
        assertThat(owner.getAttributes(uid, "State").enumeration("State", State.class))
                .contains(EnumCode.of(State.ACTIVE));
        assertThatThrownBy(() -> owner.destroy(uid))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.resultMessage()).contains("revoke it"));
        owner.revoke(uid, RevocationReason.of(RevocationReasonCode.CESSATION_OF_OPERATION));
        owner.destroy(uid);
        assertThatThrownBy(() -> owner.get(uid)).isInstanceOf(KmipOperationException.class);
    }

    @Test
    void registeredKeyComesBackByteForByteAndIsLocatableByName() throws Exception {
        byte[] dek = new byte[32];
        Arrays.fill(dek, (byte) 0x3C);
        String uid = owner.register(
                new ManagedObject.SymmetricKey(KeyBlock.raw(dek, CryptographicAlgorithm.AES, 256)),
                Attributes.of(KeyAttributes.name("client-test-register")));
        assertThat(rawMaterial(owner.get(uid))).isEqualTo(dek);
        assertThat(owner.locate(Attributes.of(KeyAttributes.name("client-test-register")), 10))
                .containsExactly(uid);
        assertThat(owner.locate(Attributes.of(KeyAttributes.name("no-such-name")), 10))
                .isEmpty();
    }

    @Test
    void attributesCanBeAddedModifiedAndDeleted() throws Exception {
        String uid = owner.create(CryptographicAlgorithm.AES, 128);
        owner.addAttribute(uid, KeyAttributes.custom("x-purpose", "disk"));
        assertThat(owner.getAttributes(uid, "x-purpose").text("x-purpose")).contains("disk");
        owner.modifyAttribute(uid, KeyAttributes.custom("x-purpose", "backup"));
        assertThat(owner.getAttributes(uid, "x-purpose").text("x-purpose")).contains("backup");
        owner.deleteAttribute(uid, "x-purpose");
        assertThat(owner.getAttributes(uid).first("x-purpose")).isEmpty();
        assertThat(owner.getAttributes(uid).integer("Cryptographic Length")).contains(128);
    }

    @Test
    void reKeyReturnsANewKeyWithDifferentMaterial() throws Exception {
        String uid = owner.create(CryptographicAlgorithm.AES, 256);
        owner.activate(uid);
        String next = owner.reKey(uid);
        assertThat(next).isNotEqualTo(uid);
        assertThat(rawMaterial(owner.get(next))).isNotEqualTo(rawMaterial(owner.get(uid)));
    }

    @Test
    void queryListsOperationsAndTheSevSnpAttestationType() throws Exception {
        var q = owner.query(QueryFunction.QUERY_OPERATIONS, QueryFunction.QUERY_ATTESTATION_TYPES);
        assertThat(q.operations()).contains(EnumCode.of(Operation.GET), EnumCode.of(Operation.CREATE));
        assertThat(q.attestationTypes()).contains(EnumCode.of(AttestationType.SEV_SNP_REPORT));
    }

    @Test
    void batchCreatesAndActivatesThroughTheIdPlaceholder() throws Exception {
        BatchResult r = owner.batch()
                .create(
                        ObjectType.SYMMETRIC_KEY,
                        Attributes.of(KeyAttributes.algorithm(CryptographicAlgorithm.AES), KeyAttributes.length(256)))
                .activate(null)
                .get(null, null)
                .execute()
                .requireSuccess();
        String uid = r.payload(0, Create.Response.class).uniqueIdentifier();
        assertThat(r.payload(2, Get.Response.class).uniqueIdentifier()).isEqualTo(uid);
        assertThat(owner.getAttributes(uid, "State").enumeration("State", State.class))
                .contains(EnumCode.of(State.ACTIVE));
    }

    @Test
    void failureCarriesStatusReasonAndOneLineMessage() throws Exception {
        String uid = owner.create(CryptographicAlgorithm.AES, 256);
        try (KmipClient other = kms.client(kms.other)) {
            assertThatThrownBy(() -> other.get(uid)).isInstanceOfSatisfying(KmipOperationException.class, e -> {
                assertThat(e.resultStatus()).isEqualTo(EnumCode.of(ResultStatus.OPERATION_FAILED));
                assertThat(e.resultReason()).isNotNull();
                assertThat(e.is(ResultReason.PERMISSION_DENIED))
                        .as(e.getMessage())
                        .isTrue();
                assertThat(e.getMessage())
                        .startsWith("GET failed: OPERATION_FAILED / ")
                        .doesNotContain("\n");
            });
        }
        assertThatThrownBy(() -> owner.get("no-such-object"))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.is(ResultReason.OBJECT_NOT_FOUND))
                                .as(e.getMessage())
                                .isTrue());
    }
}
