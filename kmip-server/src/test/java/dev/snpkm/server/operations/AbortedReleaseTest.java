package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
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
 * A release the gate approved but whose key does not leave (an RSA-512 wrapping key, too small for OAEP-SHA256; a
 * response over the client's Maximum Response Size) is recorded as a refusal too, so the audit never ends on "released" for a key that was not sent; a
 * release that completes records no refusal.
 */
class AbortedReleaseTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @TempDir
    Path dir;

    @Test
    void anApprovedReleaseThatCannotBeWrappedIsRecordedAsRefused() throws Exception {
        try (EngineFixture server = EngineFixture.start(dir)) {
            server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
            String dek = boundDek(server);

            ResponseBatchItem small = get(server, dek, wrappingKey(server, 512));
            assertThat(small.isSuccess()).isFalse();
            assertThat(server.gate.seen).as("the gate approved it").hasSize(1);
            assertThat(server.gate.refusals)
                    .singleElement()
                    .asString()
                    .contains("approved release of object " + dek + " aborted before the key left");

            server.gate.refusals.clear();
            ResponseBatchItem fine = get(server, dek, wrappingKey(server, 2048));
            assertThat(fine.isSuccess()).as(fine.resultMessage()).isTrue();
            assertThat(server.gate.refusals)
                    .as("a completed release records no refusal")
                    .isEmpty();
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
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String uid = owner.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[32]))
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
