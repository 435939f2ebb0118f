package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Query's Profiles, RNGs and Storage Protection Masks functions, and the Quantum Safe refusal, through the engine. */
class QueryProfilesTest {
    private static final KmipRegistry R = KmipRegistry.get();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static Query.Response query(KmipVersion v, QueryFunction... functions) {
        try (var s = server.session(server.owner)) {
            return s.call(
                            v,
                            Operation.QUERY,
                            new Query.Request(List.of(functions).stream()
                                    .map(EnumCode::of)
                                    .toList()))
                    .payload(Query.Response.class)
                    .orElseThrow();
        }
    }

    private static List<Integer> profileNames(Query.Response r) {
        return r.others().stream()
                .filter(t -> t.tag() == R.tagValue("Profile Information"))
                .map(t -> ((Ttlv.Enumeration) ((Ttlv.Structure) t)
                                .child(R.tagValue("Profile Name"))
                                .orElseThrow())
                        .value())
                .toList();
    }

    private static int profile(String name, KmipVersion v) {
        return R.valueByName("Profile Name", name, v).orElseThrow().value();
    }

    @Test
    void profilesLists21ClaimsAndNoProfileWithAFailingMandatoryCase() {
        List<Integer> names = profileNames(query(KmipVersion.V2_1, QueryFunction.QUERY_PROFILES));

        assertThat(names)
                .hasSize(12)
                .contains(
                        profile("Baseline Server", KmipVersion.V2_1),
                        profile("Symmetric Key Foundry Server", KmipVersion.V2_1),
                        profile("Tape Library Server", KmipVersion.V2_1),
                        profile("Basic Cryptographic Server", KmipVersion.V2_1),
                        // QS-M-1-21 and QS-M-2-21 pass since Adjust Attribute, Export, Import, Set Endpoint Role
                        profile("Quantum Safe Server", KmipVersion.V2_1))
                .doesNotContain(profile("Complete Server", KmipVersion.V2_1));
    }

    @Test
    void profilesLists14NamesTo14AndNothingToOlderVersions() {
        assertThat(profileNames(query(KmipVersion.V1_4, QueryFunction.QUERY_PROFILES)))
                .hasSize(9)
                .contains(
                        profile("Symmetric Key Lifecycle Server KMIP v1.4", KmipVersion.V1_4),
                        profile("Basic Cryptographic Server KMIP v1.4", KmipVersion.V1_4));
        assertThat(profileNames(query(KmipVersion.V1_3, QueryFunction.QUERY_PROFILES)))
                .isEmpty();
    }

    @Test
    void rngsAndStorageMasksFollowTheirPayloadOrder() {
        var r = query(
                KmipVersion.V2_1,
                QueryFunction.QUERY_STORAGE_PROTECTION_MASKS,
                QueryFunction.QUERY_PROFILES,
                QueryFunction.QUERY_RNGS);

        assertThat(r.others().get(0).tag()).isEqualTo(R.tagValue("RNG Parameters"));
        assertThat(((Ttlv.Structure) r.others().get(0)).child(R.tagValue("RNG Algorithm")))
                .isPresent();
        assertThat(r.others().get(r.others().size() - 1).tag()).isEqualTo(R.tagValue("Protection Storage Masks"));
    }

    @Test
    void aQuantumSafeRequestGetsAes256OrGeneralFailure() {
        var quantumSafe = AttributeFactory.bool("Quantum Safe", true);
        try (var s = server.session(server.owner)) {
            var aes128 = s.call(KmipVersion.V2_1, Operation.CREATE, Requests.aes(128, quantumSafe));
            assertThat(aes128.resultReason()).isEqualTo(EnumCode.of(ResultReason.GENERAL_FAILURE));
            assertThat(aes128.resultMessage()).contains("NOT_SAFE");

            assertThat(s.call(KmipVersion.V2_1, Operation.CREATE, Requests.aes(256, quantumSafe))
                            .payload(Create.Response.class))
                    .isPresent();

            var rsa = s.call(
                    KmipVersion.V2_1,
                    Operation.CREATE_KEY_PAIR,
                    CreateKeyPair.Request.of(
                            Attributes.of(
                                    AttributeFactory.enumeration(
                                            "Cryptographic Algorithm", CryptographicAlgorithm.RSA.value()),
                                    AttributeFactory.integer("Cryptographic Length", 2048),
                                    quantumSafe),
                            null,
                            null));
            assertThat(rsa.resultReason()).isEqualTo(EnumCode.of(ResultReason.GENERAL_FAILURE));
        }
    }
}
