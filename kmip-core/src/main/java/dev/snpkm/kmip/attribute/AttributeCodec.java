package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.registry.TagInfo;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Optional;

/**
 * One attribute to and from the wire, per version. KMIP 1.x: Attribute {Attribute Name, Attribute Index, Attribute
 * Value} (1.4 §2.1.1). KMIP 2.x: the value tagged with the attribute's own tag, or for vendor attributes Attribute
 * {Vendor Identification, Attribute Name, Attribute Value} (2.1 §4.63). Custom 1.x "x-foo" is 2.x vendor "x", name
 * "foo". On the way out an attribute the target version does not define is dropped.
 */
public final class AttributeCodec {
    private static final KmipRegistry REGISTRY = KmipRegistry.get();

    private AttributeCodec() {}

    /** 1.x Attribute structure (also accepted in 2.x without a Vendor Identification). */
    public static Attribute decodeV1(FieldReader r) throws KmipMappingException {
        String name = r.text(Tag.ATTRIBUTE_NAME);
        Integer index = r.optInteger(Tag.ATTRIBUTE_INDEX);
        Ttlv value = r.required(Tag.ATTRIBUTE_VALUE, Ttlv.class);
        return new Attribute(name, index, AttributeValues.decode(name, value, r.version()));
    }

    /** One child of a 2.x Attributes structure (or a New/Current Attribute's content). */
    public static Attribute decodeV2(Ttlv item, KmipVersion version) throws KmipMappingException {
        if (item.tag() == Tag.ATTRIBUTE) {
            FieldReader r = FieldReader.of(item, version);
            String vendor = r.optText(Tag.VENDOR_IDENTIFICATION);
            if (vendor == null) {
                return decodeV1(r);
            }
            String name = vendor + "-" + r.text(Tag.ATTRIBUTE_NAME);
            return Attribute.of(name, ItemValue.of(r.required(Tag.ATTRIBUTE_VALUE, Ttlv.class)));
        }
        String name = nameOfTag(item.tag());
        return Attribute.of(name, AttributeValues.decode(name, item, version));
    }

    /** The attribute in the form {@code version} uses, or empty when that version does not define it. */
    public static Optional<Ttlv> encode(Attribute a, KmipVersion version) {
        if (!isKnownIn(a.name(), version)) {
            return Optional.empty();
        }
        if (!version.isTwoOrLater()) {
            return Optional.of(Ttlv.structure(Tag.ATTRIBUTE, encodeV1Fields(a)));
        }
        if (a.isCustom()) {
            return Optional.of(Ttlv.structure(
                    Tag.ATTRIBUTE,
                    Ttlv.text(Tag.VENDOR_IDENTIFICATION, AttributeNames.vendorOf(a.name())),
                    Ttlv.text(Tag.ATTRIBUTE_NAME, AttributeNames.localNameOf(a.name())),
                    a.value().toTtlv(Tag.ATTRIBUTE_VALUE)));
        }
        return Optional.of(a.value().toTtlv(tagOfName(a.name())));
    }

    private static java.util.List<Ttlv> encodeV1Fields(Attribute a) {
        java.util.List<Ttlv> f = new java.util.ArrayList<>();
        f.add(Ttlv.text(Tag.ATTRIBUTE_NAME, a.name()));
        if (a.index() != null) {
            f.add(Ttlv.integer(Tag.ATTRIBUTE_INDEX, a.index()));
        }
        f.add(a.value().toTtlv(Tag.ATTRIBUTE_VALUE));
        return f;
    }

    /** Whether {@code version} can carry an attribute of this name. */
    public static boolean isKnownIn(String name, KmipVersion version) {
        if (AttributeNames.isCustom(name)) {
            // 1.x custom attributes are only the client "x-" and server "y-" ones (KMIP 1.4 §3.39).
            return version.isTwoOrLater() || name.startsWith("x-") || name.startsWith("y-");
        }
        if (name.startsWith("0x")) {
            return version.isTwoOrLater();
        }
        return REGISTRY.tagByName(name).map(t -> t.existsIn(version)).orElse(false);
    }

    /** The attribute name for a 2.x tag: its spec name, or the hex for an extension tag the registry lacks. */
    static String nameOfTag(int tag) {
        return REGISTRY.tag(tag).map(TagInfo::name).orElse(String.format("0x%06X", tag));
    }

    static int tagOfName(String name) {
        if (name.startsWith("0x")) {
            return Integer.parseInt(name.substring(2), 16);
        }
        return REGISTRY.tagValue(name);
    }
}
