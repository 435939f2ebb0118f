package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.name;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ProtectionStorageMask;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.SetAttribute;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Name uniqueness (per owner), Sensitive / Extractable enforcement on Get with Always Sensitive / Never Extractable
 * history, and the Protection Storage Mask, through the engine over TLS.
 */
class ExportAndNameRulesTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void aNameIsUniqueAmongTheOwnersLiveObjectsOnly() {
        String label = "unique-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String first = register(s, name(label));
            assertThat(s.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(first), name(label)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
            assertThat(s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(label)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
            String second = register(s, name(label + "-b"));
            assertThat(s.call(
                                    V,
                                    Operation.SET_ATTRIBUTE,
                                    new SetAttribute.Request(UniqueIdentifier.of(second), name(label)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
            assertThat(s.call(
                                    V,
                                    Operation.MODIFY_ATTRIBUTE,
                                    new ModifyAttribute.Request(UniqueIdentifier.of(second), null, name(label)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
            assertThat(s.call(
                                    V,
                                    Operation.SET_ATTRIBUTE,
                                    new SetAttribute.Request(UniqueIdentifier.of(second), name(label + "-b")))
                            .isSuccess())
                    .as("re-setting its own name")
                    .isTrue();
            // A 1.x client has no Non Unique Name Attribute reason.
            assertThat(s.call(
                                    KmipVersion.V1_4,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(first), name(label)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        }
        try (var other = server.session(server.other)) {
            assertThat(other.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(label)))
                            .isSuccess())
                    .as("another owner's domain")
                    .isTrue();
        }
        try (var s = server.session(server.owner)) {
            String holder = locateFirst(s, label);
            assertThat(s.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(holder)))
                            .isSuccess())
                    .isTrue();
            assertThat(s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(label)))
                            .isSuccess())
                    .as("a destroyed object's name is free again")
                    .isTrue();
        }
    }

    @Test
    void aSensitiveKeyLeavesOnlyWrappedAndAlwaysSensitiveRemembersItWasCleared() {
        try (var s = server.session(server.owner)) {
            String kek = register(
                    s,
                    usage(CryptographicUsageMask.WRAP_KEY),
                    activeSince(Instant.now().minusSeconds(5)));
            String key = register(s, AttributeFactory.bool("Sensitive", true));
            assertThat(s.call(V, Operation.GET, Get.Request.of(key)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.SENSITIVE));
            assertThat(s.call(V, Operation.GET, wrapped(key, kek)).isSuccess()).isTrue();
            assertThat(flag(s, key, "Always Sensitive")).isTrue();

            assertThat(s.call(
                                    V,
                                    Operation.SET_ATTRIBUTE,
                                    new SetAttribute.Request(
                                            UniqueIdentifier.of(key), AttributeFactory.bool("Sensitive", false)))
                            .isSuccess())
                    .isTrue();
            assertThat(flag(s, key, "Always Sensitive")).isFalse();
            assertThat(s.call(V, Operation.GET, Get.Request.of(key)).isSuccess())
                    .isTrue();

            s.call(
                    V,
                    Operation.SET_ATTRIBUTE,
                    new SetAttribute.Request(UniqueIdentifier.of(key), AttributeFactory.bool("Sensitive", true)));
            assertThat(flag(s, key, "Always Sensitive"))
                    .as("once cleared, never again")
                    .isFalse();
            assertThat(s.call(V, Operation.GET, Get.Request.of(key)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.SENSITIVE));
        }
    }

    @Test
    void aNonExtractableKeyNeverLeavesAndNeverExtractableRemembersItWasSet() {
        try (var s = server.session(server.owner)) {
            String kek = register(
                    s,
                    usage(CryptographicUsageMask.WRAP_KEY),
                    activeSince(Instant.now().minusSeconds(5)));
            String key = register(s, AttributeFactory.bool("Extractable", false));
            assertThat(flag(s, key, "Never Extractable")).isTrue();
            assertThat(s.call(V, Operation.GET, Get.Request.of(key)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NOT_EXTRACTABLE));
            assertThat(s.call(V, Operation.GET, wrapped(key, kek)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NOT_EXTRACTABLE));

            s.call(
                    V,
                    Operation.SET_ATTRIBUTE,
                    new SetAttribute.Request(UniqueIdentifier.of(key), AttributeFactory.bool("Extractable", true)));
            assertThat(flag(s, key, "Never Extractable")).isFalse();
            assertThat(s.call(V, Operation.GET, Get.Request.of(key)).isSuccess())
                    .isTrue();

            String plain = register(s);
            assertThat(flag(s, plain, "Never Extractable")).isFalse();
            assertThat(flag(s, plain, "Always Sensitive")).isFalse();
        }
    }

    @Test
    void objectsAreInSoftwareProtectionStorageAndOtherStorageIsUnavailable() {
        try (var s = server.session(server.owner)) {
            String key = register(s);
            int mask = s.call(
                            V,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(key), List.of("Protection Storage Mask")))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes()
                    .item("Protection Storage Mask", Ttlv.IntegerItem.class)
                    .orElseThrow()
                    .value();
            assertThat(mask).isEqualTo(ProtectionStorageMask.SOFTWARE.value());

            Create.Request aes = Requests.aes(128);
            assertThat(s.call(
                                    V,
                                    Operation.CREATE,
                                    new Create.Request(
                                            aes.objectType(),
                                            aes.attributes(),
                                            List.of(ProtectionStorageMask.HARDWARE.value())))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PROTECTION_STORAGE_UNAVAILABLE));
            assertThat(s.call(
                                    V,
                                    Operation.CREATE,
                                    new Create.Request(
                                            aes.objectType(),
                                            aes.attributes(),
                                            List.of(
                                                    ProtectionStorageMask.HARDWARE.value(),
                                                    ProtectionStorageMask.SOFTWARE.value())))
                            .isSuccess())
                    .isTrue();
            assertThat(s.call(
                                    V,
                                    Operation.SET_ATTRIBUTE,
                                    new SetAttribute.Request(
                                            UniqueIdentifier.of(key),
                                            AttributeFactory.integer("Protection Storage Mask", 2)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
        }
    }

    private static String register(EngineFixture.Session s, Attribute... attributes) {
        return s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], attributes))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static String locateFirst(EngineFixture.Session s, String label) {
        return s.call(
                        V,
                        Operation.LOCATE,
                        dev.snpkm.kmip.payload.Locate.Request.of(
                                new dev.snpkm.kmip.attribute.Attributes(List.of(name(label)))))
                .payload(dev.snpkm.kmip.payload.Locate.Response.class)
                .orElseThrow()
                .uniqueIdentifiers()
                .get(0);
    }

    private static boolean flag(EngineFixture.Session s, String uid, String attribute) {
        return s.call(
                        V,
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of(attribute)))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes()
                .item(attribute, Ttlv.BooleanItem.class)
                .orElseThrow()
                .value();
    }

    private static Get.Request wrapped(String uid, String kek) {
        return Requests.getWrappedBy(uid, kek);
    }
}
