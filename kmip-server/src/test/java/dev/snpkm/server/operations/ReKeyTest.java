package dev.snpkm.server.operations;

import static dev.snpkm.server.operations.SplitKeyTest.assertRefused;
import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Re-key (KMIP 1.4 §4.4, 2.1 §6.1.42) through the engine over TLS: which keys it makes, and for whom. */
class ReKeyTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    /**
     * The replacement is made to the length the old key (or the template) states, which the client chose: one the
     * server does not create is refused before anything changes (a length of 2^23 made a 1 MiB "AES" key).
     */
    @Test
    void aLengthCreateWouldNotMakeIsInvalidFieldAndChangesNothing() {
        String label = "rekey-length-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String odd = register(s, Requests.symmetricKey(new byte[20], name(label))); // AES, 160 bits
            String aes = s.call(V, Operation.CREATE, Requests.aes(256))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            long before = server.storedObjects();

            assertRefused(
                    s.call(V, Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(odd), null, null, null)),
                    ResultReason.INVALID_FIELD,
                    "cannot create a AES key of 160 bits");
            assertRefused(
                    s.call(
                            V,
                            Operation.RE_KEY,
                            new ReKey.Request(
                                    UniqueIdentifier.of(aes),
                                    null,
                                    Attributes.of(AttributeFactory.integer("Cryptographic Length", 8_388_608)),
                                    null)),
                    ResultReason.INVALID_FIELD,
                    "of 8388608 bits");

            assertThat(server.storedObjects()).isEqualTo(before);
            assertThat(located(s, label))
                    .as("the refused re-key left the name on the old key")
                    .containsExactly(odd);
        }
    }

    static String register(EngineFixture.Session s, Register.Request request) {
        var r = s.call(V, Operation.REGISTER, request);
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
    }

    static List<String> located(EngineFixture.Session s, String label) {
        return s.call(V, Operation.LOCATE, Locate.Request.of(Attributes.of(name(label))))
                .payload(Locate.Response.class)
                .orElseThrow()
                .uniqueIdentifiers();
    }
}
