package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release the gate approved but whose key does not leave (a key too large for its wrapping key; a response over the
 * client's Maximum Response Size; a batch undone by a later item's failure) is recorded as a refusal too, so the audit never
 * ends on "released" for a key that was not sent; a release that completes records no refusal.
 */
class AbortedReleaseTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final RequestHeader UNDO = RequestHeader.builder(V)
            .batchErrorContinuationOption(BatchErrorContinuationOption.UNDO)
            .build();

    @TempDir
    Path dir;

    @Test
    void anApprovedReleaseThatCannotBeWrappedIsRecordedAsRefused() throws Exception {
        try (EngineFixture server = EngineFixture.start(dir)) {
            server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
            // 256 bytes of key: more than RSA-2048 OAEP-SHA256 can carry (190), less than RSA-4096 (446).
            String dek = boundKey(server, new byte[256]);

            ResponseBatchItem small = get(server, dek, wrappingKey(server, 2048));
            assertThat(small.isSuccess()).isFalse();
            assertRecordedAborted(server, dek, "aborted before the key left");

            server.gate.refusals.clear();
            ResponseBatchItem fine = get(server, dek, wrappingKey(server, 4096));
            assertThat(fine.isSuccess()).as(fine.resultMessage()).isTrue();
            assertThat(server.gate.refusals)
                    .as("a completed release records no refusal")
                    .isEmpty();
        }
    }

    @Test
    void aWrappingKeyUnder112BitsIsRefusedBeforeTheGateIsAsked() throws Exception {
        try (EngineFixture server = EngineFixture.start(dir)) {
            server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
            String dek = boundDek(server);

            ResponseBatchItem weak = get(server, dek, wrappingKey(server, 1024));

            assertThat(weak.isSuccess()).isFalse();
            assertThat(weak.resultReason()).isEqualTo(EnumCode.of(ResultReason.FEATURE_NOT_SUPPORTED));
            assertThat(weak.resultMessage())
                    .contains("is RSA-1024 (80-bit security); this server wraps only to keys of at least 112-bit");
            assertThat(server.gate.seen).as("nothing was approved").isEmpty();
        }
    }

    @Test
    void aReleaseWhoseResponseExceedsTheMaximumResponseSizeIsRecordedAsRefused() throws Exception {
        try (EngineFixture server = EngineFixture.start(dir)) {
            server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
            String dek = boundDek(server);
            String wrapping = wrappingKey(server, 2048);

            try (var owner = server.session(server.owner)) {
                ResponseMessage r = owner.send(
                        RequestHeader.builder(V).maximumResponseSize(64).build(),
                        List.of(RequestBatchItem.of(Operation.GET, wrappedGet(dek, wrapping))));
                assertThat(r.batchItems().get(0).resultReason())
                        .isEqualTo(EnumCode.of(ResultReason.RESPONSE_TOO_LARGE));
                assertThat(r.batchItems().get(0).payload())
                        .as("no key in the response")
                        .isNull();
            }
            assertRecordedAborted(server, dek, "Maximum Response Size of 64 bytes");
        }
    }

    @Test
    void anApprovedReleaseInABatchThatIsUndoneLeavesNoKeyAndIsRecordedAsRefused() throws Exception {
        try (EngineFixture server = EngineFixture.start(dir)) {
            server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
            String dek = boundDek(server);
            String wrapping = wrappingKey(server, 2048);

            try (var owner = server.session(server.owner)) {
                ResponseMessage r = owner.send(
                        UNDO,
                        List.of(
                                item(1, Operation.GET, wrappedGet(dek, wrapping)),
                                item(2, Operation.GET, Get.Request.of("no-such-object"))));
                ResponseBatchItem released = r.batchItems().get(0);
                assertThat(released.resultStatus())
                        .as(released.resultMessage())
                        .isEqualTo(EnumCode.of(ResultStatus.OPERATION_UNDONE));
                assertThat(released.payload())
                        .as("an undone batch did not happen: no key in the response")
                        .isNull();
                assertThat(released.resultMessage()).contains("the key material is withheld");
                assertThat(r.batchItems().get(1).isSuccess()).isFalse();
            }
            assertRecordedAborted(server, dek, "the batch was undone");
        }
    }

    @Test
    void anUnboundKeyGotInABatchThatIsUndoneIsWithheldAndAnUndoneCreateStillNamesItsObject() throws Exception {
        try (EngineFixture server = EngineFixture.start(dir);
                var owner = server.session(server.owner)) {
            String plain = owner.call(V, Operation.CREATE, Requests.aes(256))
                    .payload(dev.snpkm.kmip.payload.Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();

            ResponseMessage r = owner.send(
                    UNDO,
                    List.of(
                            item(1, Operation.CREATE, Requests.aes(128)),
                            item(2, Operation.GET, Get.Request.of(plain)),
                            item(3, Operation.GET, Get.Request.of("no-such-object"))));

            assertThat(r.batchItems().get(0).resultStatus()).isEqualTo(EnumCode.of(ResultStatus.OPERATION_UNDONE));
            assertThat(r.batchItems().get(0).payload())
                    .as("an undone Create still names its object")
                    .isNotNull();
            assertThat(r.batchItems().get(1).resultStatus()).isEqualTo(EnumCode.of(ResultStatus.OPERATION_UNDONE));
            assertThat(r.batchItems().get(1).payload()).isNull();
            assertThat(owner.call(V, Operation.GET, Get.Request.of(plain)).isSuccess())
                    .as("the key is still there, for a batch that is not undone")
                    .isTrue();
        }
    }

    private static RequestBatchItem item(int id, Operation op, RequestPayload payload) {
        return RequestBatchItem.of(op, payload).withId(Bytes.of(new byte[] {(byte) id}));
    }

    /** The gate approved one release, and it is recorded as aborted before the key left, for {@code why}. */
    private static void assertRecordedAborted(EngineFixture server, String dek, String why) {
        assertThat(server.gate.seen).as("the gate approved it").hasSize(1);
        assertThat(server.gate.refusals)
                .singleElement()
                .asString()
                .contains("approved release of object " + dek + " aborted before the key left")
                .contains(why);
    }

    private static String boundDek(EngineFixture server) {
        return boundKey(server, new byte[32]);
    }

    /** A secret of any length (an HMAC key), bound to a policy. */
    private static String boundKey(EngineFixture server, byte[] material) {
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String uid = owner.call(
                            V,
                            Operation.REGISTER,
                            Register.Request.of(
                                    new ManagedObject.SymmetricKey(KeyBlock.raw(
                                            material, CryptographicAlgorithm.HMAC_SHA256, material.length * 8)),
                                    Attributes.EMPTY))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(uid), binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            return uid;
        }
    }

    private static String wrappingKey(EngineFixture server, int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        byte[] spki = g.generateKeyPair().getPublic().getEncoded();
        try (var owner = server.session(server.owner)) {
            ResponseBatchItem r = owner.call(
                    V,
                    Operation.REGISTER,
                    Requests.publicKey(
                            spki,
                            CryptographicAlgorithm.RSA,
                            bits,
                            usage(CryptographicUsageMask.WRAP_KEY),
                            activeSince(Instant.now().minusSeconds(5))));
            assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
            return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
        }
    }

    private static ResponseBatchItem get(EngineFixture server, String uid, String wrappingUid) {
        try (var owner = server.session(server.owner)) {
            return owner.call(V, Operation.GET, wrappedGet(uid, wrappingUid));
        }
    }

    private static Get.Request wrappedGet(String uid, String wrappingUid) {
        return Requests.getWrappedBy(uid, wrappingUid);
    }
}
