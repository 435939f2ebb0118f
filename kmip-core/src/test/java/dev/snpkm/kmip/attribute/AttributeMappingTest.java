package dev.snpkm.kmip.attribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeMappingTest {
    static Ttlv v1(String name, Ttlv value) {
        return Ttlv.structure(Tag.ATTRIBUTE, Ttlv.text(Tag.ATTRIBUTE_NAME, name), retag(value));
    }

    static Ttlv retag(Ttlv value) {
        return ItemValue.retag(value, Tag.ATTRIBUTE_VALUE);
    }

    static Attributes readTemplate(KmipVersion v, Ttlv... attributes) throws KmipMappingException {
        int tag = v.isTwoOrLater() ? Tag.ATTRIBUTES : Tag.TEMPLATE_ATTRIBUTE;
        return AttributeContainers.readTemplate(
                new FieldReader(Ttlv.structure(Tag.REQUEST_PAYLOAD, Ttlv.structure(tag, attributes)), v),
                Tag.TEMPLATE_ATTRIBUTE,
                Tag.ATTRIBUTES);
    }

    static List<Ttlv> writeTemplate(KmipVersion v, Attributes a) {
        FieldWriter w = new FieldWriter(v);
        AttributeContainers.writeTemplate(w, a, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
        return ((Ttlv.Structure) w.children().get(0)).children();
    }

    @Test
    void customOneDotXAttributeIsATwoDotXVendorAttribute() throws Exception {
        Attributes a = readTemplate(KmipVersion.V1_4, v1("x-ID", Ttlv.text(0, "TL-M-2-14")));
        assertThat(a.text("x-ID")).contains("TL-M-2-14");
        assertThat(writeTemplate(KmipVersion.V2_1, a))
                .containsExactly(Ttlv.structure(
                        Tag.ATTRIBUTE,
                        Ttlv.text(Tag.VENDOR_IDENTIFICATION, "x"),
                        Ttlv.text(Tag.ATTRIBUTE_NAME, "ID"),
                        Ttlv.text(Tag.ATTRIBUTE_VALUE, "TL-M-2-14")));
        assertThat(readTemplate(
                        KmipVersion.V2_1, writeTemplate(KmipVersion.V2_1, a).toArray(Ttlv[]::new)))
                .isEqualTo(a);
    }

    @Test
    void specAttributesTravelUnderTheirOwnTagInTwoDotX() throws Exception {
        Attributes a = readTemplate(
                KmipVersion.V1_4,
                v1("Cryptographic Algorithm", Ttlv.enumeration(0, 3)),
                v1("Name", Ttlv.structure(0, Ttlv.text(Tag.NAME_VALUE, "k"), Ttlv.enumeration(Tag.NAME_TYPE, 1))));
        assertThat(a.value(AttributeNames.NAME, Name.class)).contains(Name.text("k"));
        assertThat(writeTemplate(KmipVersion.V2_1, a))
                .containsExactly(
                        Ttlv.enumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, 3),
                        Ttlv.structure(Tag.NAME, Ttlv.text(Tag.NAME_VALUE, "k"), Ttlv.enumeration(Tag.NAME_TYPE, 1)));
    }

    @Test
    void attributesAVersionDoesNotDefineAreLeftOutOnTheWayOut() {
        Attributes a = Attributes.of(
                Attribute.of("Operation Policy Name", Ttlv.text(0, "default")),
                Attribute.of("Rotate Interval", Ttlv.interval(0, 60)),
                Attribute.of("acme-foo", Ttlv.integer(0, 1)),
                Attribute.of("Fresh", Ttlv.bool(0, true)),
                Attribute.of("x-keep", Ttlv.integer(0, 2)));
        assertThat(writeTemplate(KmipVersion.V1_4, a))
                .extracting(t -> ((Ttlv.Structure) t).child(Tag.ATTRIBUTE_NAME).orElseThrow())
                .containsExactly(
                        Ttlv.text(Tag.ATTRIBUTE_NAME, "Operation Policy Name"),
                        Ttlv.text(Tag.ATTRIBUTE_NAME, "Fresh"),
                        Ttlv.text(Tag.ATTRIBUTE_NAME, "x-keep"));
        assertThat(writeTemplate(KmipVersion.V1_0, a)).hasSize(2); // Fresh is 1.1+
        assertThat(writeTemplate(KmipVersion.V2_1, a))
                .extracting(Ttlv::tag)
                .containsExactly(
                        KmipRegistryTags.ROTATE_INTERVAL, Tag.ATTRIBUTE, KmipRegistryTags.FRESH, Tag.ATTRIBUTE);
    }

    @Test
    void attributeReferencesPerVersion() throws Exception {
        List<String> names = List.of("State", "x-attestation-policy");
        FieldWriter w2 = new FieldWriter(KmipVersion.V2_1);
        AttributeContainers.writeReferences(w2, names);
        assertThat(w2.children())
                .containsExactly(
                        Ttlv.enumeration(Tag.ATTRIBUTE_REFERENCE, 0x42008D),
                        Ttlv.structure(
                                Tag.ATTRIBUTE_REFERENCE,
                                Ttlv.text(Tag.VENDOR_IDENTIFICATION, "x"),
                                Ttlv.text(Tag.ATTRIBUTE_NAME, "attestation-policy")));
        assertThat(AttributeContainers.readReferences(
                        new FieldReader(w2.toStructure(Tag.REQUEST_PAYLOAD), KmipVersion.V2_1)))
                .isEqualTo(names);
        FieldWriter w1 = new FieldWriter(KmipVersion.V1_4);
        AttributeContainers.writeReferences(w1, names);
        assertThat(w1.children())
                .containsExactly(
                        Ttlv.text(Tag.ATTRIBUTE_NAME, "State"), Ttlv.text(Tag.ATTRIBUTE_NAME, "x-attestation-policy"));
    }

    @Test
    void extensionTagAttributeKeepsItsTag() throws Exception {
        Attributes a = readTemplate(KmipVersion.V2_1, Ttlv.text(0x540001, "vendor"));
        assertThat(a.list()).containsExactly(Attribute.of("0x540001", Ttlv.text(0, "vendor")));
        assertThat(writeTemplate(KmipVersion.V2_1, a)).containsExactly(Ttlv.text(0x540001, "vendor"));
    }

    @Test
    void templateNamesAreReadAsTemplateReferencesAndWrittenBackFirst() throws Exception {
        Ttlv name = Ttlv.structure(Tag.NAME, Ttlv.text(Tag.NAME_VALUE, "tmpl"), Ttlv.enumeration(Tag.NAME_TYPE, 1));
        Ttlv length = v1("Cryptographic Length", Ttlv.integer(0, 128));
        Attributes a = readTemplate(KmipVersion.V1_4, length, name);
        assertThat(a.templateNames()).containsExactly(Name.text("tmpl"));
        assertThat(a.list()).extracting(Attribute::name).containsExactly("Cryptographic Length");
        assertThat(writeTemplate(KmipVersion.V1_4, a)).containsExactly(name, length);
        assertThat(writeTemplate(KmipVersion.V2_1, a))
                .as("2.x has no Template objects")
                .containsExactly(Ttlv.integer(Tag.CRYPTOGRAPHIC_LENGTH, 128));
    }

    @Test
    void structuredValueOfTheWrongTypeIsInvalidField() {
        assertThatThrownBy(() -> readTemplate(KmipVersion.V1_4, v1("Name", Ttlv.text(0, "flat"))))
                .isInstanceOfSatisfying(
                        KmipMappingException.class, e -> assertThat(e.reason()).isEqualTo(ResultReason.INVALID_FIELD))
                .hasMessageContaining("Attribute Value");
    }

    @Test
    void missingAttributeValueIsMissingData() {
        assertThatThrownBy(() -> readTemplate(
                        KmipVersion.V1_4, Ttlv.structure(Tag.ATTRIBUTE, Ttlv.text(Tag.ATTRIBUTE_NAME, "State"))))
                .isInstanceOfSatisfying(
                        KmipMappingException.class, e -> assertThat(e.reason()).isEqualTo(ResultReason.MISSING_DATA));
    }

    /** Tags this test needs that the model itself does not. */
    static final class KmipRegistryTags {
        static final int ROTATE_INTERVAL =
                dev.snpkm.kmip.registry.KmipRegistry.get().tagValue("Rotate Interval");
        static final int FRESH = dev.snpkm.kmip.registry.KmipRegistry.get().tagValue("Fresh");
    }
}
