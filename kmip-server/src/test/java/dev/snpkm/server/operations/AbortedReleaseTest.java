package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
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
 * A release the gate approved but whose key does not leave (an RSA-1024 wrapping key, under the 112 bits of security
 * any wrap needs; a response over the client's Maximum Response Size) is recorded as a refusal too, so the audit never
 * ends on "released" for a key that was not sent; a release that completes records no refusal.
 */
class AbortedReleaseTest {
    private static final KmipVersion V = KmipVersion.V2_1;

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
            assertThat(server.gate.seen).as("the gate approved it").hasSize(1);
            assertThat(server.gate.refusals)
                    .singleElement()
                    .asString()
                    .contains("approved release of object " + dek + " aborted before the key left");

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
            assertThat(server.gate.seen).as("the gate approved it").hasSize(1);
            assertThat(server.gate.refusals)
                    .singleElement()
                    .asString()
                    .contains("approved release of object " + dek + " aborted before the key left")
                    .contains("Maximum Response Size of 64 bytes");
        }
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
