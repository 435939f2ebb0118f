package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.payload.Decrypt;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Mac;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.ObjectReads;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage Limits set by the client (KMIP 1.4 §3.21, 2.1 §4.62): the Count starts at the Total, each protecting use
 * spends bytes or one use from it, in the committed store, and a use beyond it is Permission Denied; the client can
 * neither change nor remove the limit afterwards.
 */
class UsageLimitsTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] KEY = new byte[16];
    private static final CryptographicParameters ECB = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.ECB)
            .build();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void objectUnitAllowsTotalUsesThenPermissionDeniedAndDecryptIsFree() {
        String uid;
        try (var s = server.session(server.owner)) {
            uid = register(s, limits(2L, 99L, UsageLimitsUnit.OBJECT));
            assertThat(count(s, uid))
                    .as("the Count starts at the Total, whatever the client said")
                    .isEqualTo(2);
            byte[] c = encrypt(s, uid).data().toByteArray();
            assertThat(s.call(V, Operation.DECRYPT, Decrypt.Request.of(uid, ECB, c, null))
                            .resultStatus())
                    .isEqualTo(EnumCode.of(ResultStatus.SUCCESS));
            assertThat(count(s, uid))
                    .as("Decrypt processes, it does not protect")
                    .isEqualTo(1);
            encrypt(s, uid);
            assertThat(count(s, uid)).isZero();
            var refused = s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, ECB, new byte[16]));
            assertThat(refused.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(refused.resultMessage()).contains("Usage Limits");
        }
        try (var s = server.session(server.owner)) {
            assertThat(count(s, uid))
                    .as("another connection reads the committed count")
                    .isZero();
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, ECB, new byte[16]))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    @Test
    void byteUnitSpendsTheBytesProtectedAcrossStreamPartsAndARefusedUseSpendsNothing() {
        try (var s = server.session(server.owner)) {
            String uid = register(s, limits(40L, null, UsageLimitsUnit.BYTE));
            Encrypt.Response first = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    UniqueIdentifier.of(uid),
                                    ECB,
                                    Secret.of(new byte[16]),
                                    null,
                                    new StreamIndicators(null, true, null),
                                    null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            assertThat(count(s, uid)).isEqualTo(24);
            Encrypt.Response last = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    null,
                                    null,
                                    Secret.of(new byte[16]),
                                    null,
                                    new StreamIndicators(first.correlationValue(), null, true),
                                    null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            assertThat(last.data().length() + first.data().length()).isEqualTo(32);
            assertThat(count(s, uid)).isEqualTo(8);
            var refused = s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, ECB, new byte[16]));
            assertThat(refused.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(count(s, uid)).as("the refused use spent nothing").isEqualTo(8);
        }
    }

    @Test
    void macSpendsTooAndTheLimitCannotBeChangedOrRemoved() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(
                            V,
                            Operation.REGISTER,
                            Requests.symmetricKey(
                                    new byte[32],
                                    usage(CryptographicUsageMask.MAC_GENERATE),
                                    activeSince(server.clock.instant().minusSeconds(60)),
                                    limits(1L, null, UsageLimitsUnit.OBJECT)))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            CryptographicParameters hmac = CryptographicParameters.builder()
                    .cryptographicAlgorithm(dev.snpkm.kmip.enums.CryptographicAlgorithm.HMAC_SHA256)
                    .hashingAlgorithm(HashingAlgorithm.SHA_256)
                    .build();
            assertThat(s.call(V, Operation.MAC, Mac.Request.of(uid, hmac, new byte[3]))
                            .resultStatus())
                    .isEqualTo(EnumCode.of(ResultStatus.SUCCESS));
            assertThat(s.call(V, Operation.MAC, Mac.Request.of(uid, hmac, new byte[3]))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(s.call(
                                    V,
                                    Operation.MODIFY_ATTRIBUTE,
                                    new ModifyAttribute.Request(
                                            UniqueIdentifier.of(uid), null, limits(100L, null, UsageLimitsUnit.OBJECT)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
            assertThat(s.call(
                                    V,
                                    Operation.DELETE_ATTRIBUTE,
                                    new DeleteAttribute.Request(
                                            UniqueIdentifier.of(uid), null, AttributeNames.USAGE_LIMITS, null))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
        }
    }

    @Test
    void anUndoneBatchGivesTheUseBackAndWithholdsTheOutputThatSpentIt() {
        try (var s = server.session(server.owner)) {
            String uid = register(s, limits(1L, null, UsageLimitsUnit.OBJECT));
            RequestHeader undo = RequestHeader.builder(V)
                    .batchErrorContinuationOption(BatchErrorContinuationOption.UNDO)
                    .build();
            for (int round = 0; round < 2; round++) {
                ResponseMessage r = s.send(
                        undo,
                        List.of(
                                item(1, Operation.ENCRYPT, Encrypt.Request.of(uid, ECB, new byte[16])),
                                item(2, Operation.DECRYPT, Decrypt.Request.of(uid, ECB, new byte[16], null)),
                                item(3, Operation.GET, Get.Request.of("no-such-object"))));
                for (ResponseBatchItem undone : r.batchItems().subList(0, 2)) {
                    assertThat(undone.resultStatus()).isEqualTo(EnumCode.of(ResultStatus.OPERATION_UNDONE));
                    assertThat(undone.payload())
                            .as("the use was given back: its output must not leave")
                            .isNull();
                    assertThat(undone.resultMessage()).contains("its output is withheld");
                }
                assertThat(count(s, uid)).isEqualTo(1);
            }
            encrypt(s, uid);
            assertThat(count(s, uid)).isZero();
        }
    }

    @Test
    void usageLimitsWithoutAUnitAreInvalid() {
        try (var s = server.session(server.owner)) {
            var r = s.call(
                    V,
                    Operation.REGISTER,
                    Requests.symmetricKey(KEY, usage(CryptographicUsageMask.ENCRYPT), limits(5L, null, null)));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        }
    }

    private static RequestBatchItem item(int id, Operation op, RequestPayload payload) {
        return RequestBatchItem.of(op, payload).withId(Bytes.of(new byte[] {(byte) id}));
    }

    private static Attribute limits(Long total, Long count, UsageLimitsUnit unit) {
        return Attribute.of(
                AttributeNames.USAGE_LIMITS, new UsageLimits(total, count, unit == null ? null : EnumCode.of(unit)));
    }

    private static String register(EngineFixture.Session s, Attribute limits) {
        return s.call(
                        V,
                        Operation.REGISTER,
                        Requests.symmetricKey(
                                KEY,
                                usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT),
                                activeSince(server.clock.instant().minusSeconds(60)),
                                limits))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static Encrypt.Response encrypt(EngineFixture.Session s, String uid) {
        return s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, ECB, new byte[16]))
                .payload(Encrypt.Response.class)
                .orElseThrow();
    }

    private static long count(EngineFixture.Session s, String uid) {
        return ObjectReads.usageLimitsCount(s, uid);
    }
}
