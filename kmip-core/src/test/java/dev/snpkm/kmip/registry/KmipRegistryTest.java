package dev.snpkm.kmip.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KmipRegistryTest {
    private final KmipRegistry registry = KmipRegistry.get();

    @Test
    void everyTagsEncodingNameLeadsBackToThatTag() {
        assertThat(registry.tags())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(registry.tagByName(t.encodingName()).map(TagInfo::value))
                        .as(t.name())
                        .contains(t.value()));
    }

    @Test
    void everyEnumerationValueNameLeadsBackToItsValueInItsVersion() {
        for (String e : registry.enumerationNames()) {
            for (EnumValue v : registry.values(e)) {
                assertThat(registry.valueByName(e, v.encodingName(), v.lastVersion())
                                .map(EnumValue::value))
                        .as("%s %s", e, v.name())
                        .contains(v.value());
            }
        }
    }

    @Test
    void pkcs11EnumerationsUsedByTheOasisTestCasesAreKnown() {
        assertThat(registry.valueByName("PKCS#11 Function", "C_Initialize", KmipVersion.V2_1))
                .get()
                .extracting(EnumValue::value)
                .isEqualTo(1);
        assertThat(registry.enumerationForTag(0x42015D)).contains("PKCS#11 Return Code");
    }
}
