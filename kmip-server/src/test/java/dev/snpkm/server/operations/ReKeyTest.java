package dev.snpkm.server.operations;

import static dev.snpkm.server.operations.SplitKeyTest.assertRefused;
import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.auth.ClientIdentity;
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
     * The replacement is made to the length the old key (or the template) states, which the client chose: a length
     * past what Re-key makes is refused before anything changes (a length of 2^23 made a 1 MiB "AES" key), while a key
     * the server does not create itself, registered from outside, is still renewed (random bytes of its length).
     */
    @Test
    void aLengthPastWhatReKeyMakesIsInvalidFieldAndChangesNothing() {
        String label = "rekey-length-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String odd = register(
                    s,
                    Register.Request.of(
                            new ManagedObject.SymmetricKey(
                                    KeyBlock.raw(new byte[20], CryptographicAlgorithm.HMAC_SHA1, 160)),
                            Attributes.of(name(label)))); // an HMAC-SHA1 key of 160 bits
            long before = server.storedObjects();

            for (int bits : new int[] {8_388_608, -8}) {
                assertRefused(
                        s.call(
                                V,
                                Operation.RE_KEY,
                                new ReKey.Request(
                                        UniqueIdentifier.of(odd),
                                        null,
                                        Attributes.of(AttributeFactory.integer("Cryptographic Length", bits)),
                                        null)),
                        ResultReason.INVALID_FIELD,
                        "of " + bits + " bits");
            }
            assertThat(server.storedObjects()).isEqualTo(before);
            assertThat(located(s, label))
                    .as("the refused re-keys left the name on the old key")
                    .containsExactly(odd);

            var renewed = s.call(V, Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(odd), null, null, null));
            assertThat(renewed.isSuccess())
                    .as("a registered 160-bit key is renewed: " + renewed.resultMessage())
                    .isTrue();
            String replacement =
                    renewed.payload(ReKey.Response.class).orElseThrow().uniqueIdentifier();
            assertThat(located(s, label)).containsExactly(replacement);
        }
    }

    /**
     * An administrator's Re-key made the replacement the administrator's: the owner's Get of it was Permission Denied
     * and its Locate by name found nothing. The replacement stays the owner's, with the grants; the audit names the
     * administrator.
     */
    @Test
    void anAdministratorsReKeyLeavesTheReplacementWithTheOwnerAndItsGrantees() {
        String label = "rekey-admin-" + System.nanoTime();
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin);
                var other = server.session(server.other)) {
            String old = owner.call(V, Operation.CREATE, Requests.aes(256, name(label)))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            String grantee = ClientIdentity.of(server.other.certificate()).subjectDn();
            ResponseBatchItem grant = admin.call(
                    V,
                    Operation.ADD_ATTRIBUTE,
                    new AddAttribute.Request(
                            UniqueIdentifier.of(old), AttributeFactory.text("x-authorized-client", grantee)));
            assertThat(grant.isSuccess()).as(grant.resultMessage()).isTrue();

            ResponseBatchItem reKeyed =
                    admin.call(V, Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(old), null, null, null));
            assertThat(reKeyed.isSuccess()).as(reKeyed.resultMessage()).isTrue();
            String fresh = reKeyed.payload(ReKey.Response.class).orElseThrow().uniqueIdentifier();

            ResponseBatchItem got = owner.call(V, Operation.GET, Get.Request.of(fresh));
            assertThat(got.isSuccess()).as(got.resultMessage()).isTrue();
            assertThat(located(owner, label)).containsExactly(fresh);
            ResponseBatchItem granted = other.call(
                    V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(fresh), List.of()));
            assertThat(granted.isSuccess()).as(granted.resultMessage()).isTrue();
            String adminActor = Accountability.actor(ClientIdentity.of(server.admin.certificate()));
            assertThat(server.audit.about(fresh))
                    .anySatisfy(e -> assertThat(e.actor() + " " + e.action()).isEqualTo(adminActor + " Re-key"));
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
