package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Archive;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.GetUsageAllocation;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.ObjectReads;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Get Usage Allocation (KMIP 2.1 §6.1.29) over mutual TLS: an allocation spends from the same Usage Limits Count
 * that Encrypt spends from, durably, and is refused with the reason a protecting service would get when the key
 * cannot apply protection now.
 */
class GetUsageAllocationTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] KEY = new byte[16];

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void anAllocationSpendsTheCountThatEncryptSpendsAndNoMore() {
        try (var s = server.session(server.owner)) {
            String uid = register(s, limits(5L), usage(CryptographicUsageMask.ENCRYPT), active());
            assertThat(allocate(s, V, uid, 3)
                            .payload(GetUsageAllocation.Response.class)
                            .orElseThrow()
                            .uniqueIdentifier())
                    .isEqualTo(uid);
            assertThat(count(s, uid)).isEqualTo(2);
            ResponseBatchItem tooMuch = allocate(s, V, uid, 3);
            assertThat(tooMuch.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(tooMuch.resultMessage()).contains("2 uses left, this request needs 3");
            assertThat(count(s, uid)).as("a refused allocation spends nothing").isEqualTo(2);
            CryptographicParameters ecb = CryptographicParameters.builder()
                    .blockCipherMode(BlockCipherMode.ECB)
                    .build();
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, ecb, new byte[16]))
                            .isSuccess())
                    .isTrue();
            assertThat(allocate(s, KmipVersion.V1_4, uid, 1).isSuccess()).isTrue();
            assertThat(count(s, uid)).isZero();
        }
        try (var s = server.session(server.owner)) {
            assertThat(count(s, registerAndAllocateInOneBatch(s))).isEqualTo(4);
        }
    }

    @Test
    void aKeyThatCannotApplyProtectionNowGetsNoAllocation() {
        try (var s = server.session(server.owner)) {
            String unlimited = register(s, usage(CryptographicUsageMask.ENCRYPT), active());
            expect(s, V, unlimited, 1, ResultReason.PERMISSION_DENIED, "has no Usage Limits");
            String limited = register(s, limits(5L), usage(CryptographicUsageMask.ENCRYPT), active());
            expect(s, V, limited, 0, ResultReason.INVALID_FIELD, "Usage Limits Count must be positive, got 0");
            String preActive = register(s, limits(5L), usage(CryptographicUsageMask.ENCRYPT));
            expect(s, V, preActive, 1, ResultReason.WRONG_KEY_LIFECYCLE_STATE, "Pre-Active");
            expect(s, KmipVersion.V1_4, preActive, 1, ResultReason.PERMISSION_DENIED, "Pre-Active");
            String decryptOnly = register(s, limits(5L), usage(CryptographicUsageMask.DECRYPT), active());
            expect(s, V, decryptOnly, 1, ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK, "lacks Encrypt");
            String secret = s.call(
                            V,
                            Operation.REGISTER,
                            Register.Request.of(
                                    new ManagedObject.SecretData(
                                            EnumCode.of(SecretDataType.PASSWORD),
                                            new KeyBlock(
                                                    EnumCode.of(dev.snpkm.kmip.enums.KeyFormatType.OPAQUE),
                                                    null,
                                                    KeyValue.Plain.of(KeyMaterial.Raw.of(new byte[8])),
                                                    null,
                                                    null,
                                                    null)),
                                    Attributes.of(usage(CryptographicUsageMask.ENCRYPT), active())))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            expect(s, V, secret, 1, ResultReason.INVALID_OBJECT_TYPE, "Secret Data");
            expect(s, V, "no-such-key", 1, ResultReason.OBJECT_NOT_FOUND, "no-such-key");
            assertThat(s.call(V, Operation.ARCHIVE, new Archive.Request(UniqueIdentifier.of(limited)))
                            .isSuccess())
                    .isTrue();
            expect(s, V, limited, 1, ResultReason.OBJECT_ARCHIVED, "archived");
            String owned = register(s, limits(5L), usage(CryptographicUsageMask.ENCRYPT), active());
            try (var other = server.session(server.other)) {
                expect(other, V, owned, 1, ResultReason.PERMISSION_DENIED, "belongs to another client");
            }
            assertThat(count(s, owned)).isEqualTo(5);
        }
    }

    private static void expect(
            EngineFixture.Session s, KmipVersion v, String uid, long units, ResultReason reason, String message) {
        ResponseBatchItem r = allocate(s, v, uid, units);
        assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(reason));
        assertThat(r.resultMessage()).contains(message).doesNotContain("\n");
        assertThat(r.payload()).isNull();
    }

    private static String registerAndAllocateInOneBatch(EngineFixture.Session s) {
        ResponseMessage r = s.send(
                RequestHeader.builder(V).build(),
                List.of(
                        RequestBatchItem.of(
                                        Operation.REGISTER,
                                        Requests.symmetricKey(
                                                KEY, limits(5L), usage(CryptographicUsageMask.ENCRYPT), active()))
                                .withId(Bytes.ofHex("01")),
                        RequestBatchItem.of(Operation.GET_USAGE_ALLOCATION, new GetUsageAllocation.Request(null, 1))
                                .withId(Bytes.ofHex("02"))));
        assertThat(r.batchItems())
                .allSatisfy(i -> assertThat(i.isSuccess()).as(i.resultMessage()).isTrue());
        return r.batchItems()
                .get(1)
                .payload(GetUsageAllocation.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static ResponseBatchItem allocate(EngineFixture.Session s, KmipVersion v, String uid, long units) {
        return s.call(v, Operation.GET_USAGE_ALLOCATION, GetUsageAllocation.Request.of(uid, units));
    }

    private static Attribute active() {
        return activeSince(server.clock.instant().minusSeconds(60));
    }

    private static Attribute limits(long total) {
        return Attribute.of(
                AttributeNames.USAGE_LIMITS, new UsageLimits(total, null, EnumCode.of(UsageLimitsUnit.OBJECT)));
    }

    private static String register(EngineFixture.Session s, Attribute... attributes) {
        return s.call(V, Operation.REGISTER, Requests.symmetricKey(KEY, attributes))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static long count(EngineFixture.Session s, String uid) {
        return ObjectReads.usageLimitsCount(s, uid);
    }
}
