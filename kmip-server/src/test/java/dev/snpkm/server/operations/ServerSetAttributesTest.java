package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Digest;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.InteropFunction;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Interop;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Attributes the server sets from the material (Digest, Original Creation Date, RNG), Located Items, Interop off. */
class ServerSetAttributesTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void registeredKeyCarriesTheSha256OfItsRawBytesButNoGenerationAttributes() throws Exception {
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.REGISTER, Requests.symmetricKey(key.clone()))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            Attributes a = s.call(
                            V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes();

            Digest d = a.value("Digest", Digest.class).orElseThrow();
            assertThat(d.hashingAlgorithm()).isEqualTo(EnumCode.of(HashingAlgorithm.SHA_256));
            assertThat(d.keyFormatType()).isEqualTo(EnumCode.of(KeyFormatType.RAW));
            assertThat(d.value().toByteArray())
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(key));
            assertThat(a.first("Original Creation Date")).isEmpty();
            assertThat(a.first("Random Number Generator")).isEmpty();
        }
    }

    @Test
    void createdKeyCarriesOriginalCreationDateAndTheGeneratorItCameFrom() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.CREATE, Requests.aes(256))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            Attributes a = s.call(
                            V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes();

            assertThat(a.item("Original Creation Date", Ttlv.DateTime.class)).isPresent();
            assertThat(a.first("Random Number Generator")).isPresent();
            assertThat(a.value("Digest", Digest.class).orElseThrow().value().toByteArray())
                    .hasSize(32);
        }
    }

    @Test
    void locatedItemsComesOnlyWithPaging() {
        String group = "page-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            for (int k = 0; k < 3; k++) {
                s.call(V, Operation.CREATE, Requests.aes(128, AttributeFactory.text("Object Group", group)));
            }
            Attributes filter = Attributes.of(AttributeFactory.text("Object Group", group));
            var all = s.call(V, Operation.LOCATE, Locate.Request.of(filter))
                    .payload(Locate.Response.class)
                    .orElseThrow();
            var second = s.call(V, Operation.LOCATE, new Locate.Request(1, 1, null, null, filter))
                    .payload(Locate.Response.class)
                    .orElseThrow();

            assertThat(all.uniqueIdentifiers()).hasSize(3);
            assertThat(all.locatedItems()).isNull();
            assertThat(second.uniqueIdentifiers())
                    .containsExactly(all.uniqueIdentifiers().get(1));
            assertThat(second.locatedItems()).isEqualTo(3);
        }
    }

    @Test
    void interopIsNotOfferedByTheStandardServer() {
        try (var s = server.session(server.owner)) {
            var r = s.call(V, Operation.INTEROP, new Interop.Request(EnumCode.of(InteropFunction.BEGIN), "BL-M-1-21"));

            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.OPERATION_NOT_SUPPORTED));
        }
        assertThat(OperationDispatcher.standard().supportedOperations()).doesNotContain(Operation.INTEROP);
        assertThat(OperationDispatcher.standard(true).supportedOperations()).contains(Operation.INTEROP);
    }
}
