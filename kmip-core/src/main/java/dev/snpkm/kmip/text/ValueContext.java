package dev.snpkm.kmip.text;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.TagInfo;
import dev.snpkm.kmip.ttlv.ItemType;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;
import java.util.Optional;

/**
 * Decides which names an Enumeration or Integer item's value takes. Usually the tag alone decides (an Enumeration is
 * named after its enumeration), with two context-dependent cases:
 * <ul>
 * <li>KMIP 1.x Attribute Value (KMIP 1.4 §2.1.1): its meaning comes from the sibling Attribute Name, e.g. "State" or
 * "Cryptographic Usage Mask";</li>
 * <li>KMIP 2.x Attribute Reference of type Enumeration (KMIP 2.1 §7.4): its value is a tag, named by tag name.</li>
 * </ul>
 */
public final class ValueContext {
    public static final int ATTRIBUTE_NAME = 0x42000A;
    public static final int ATTRIBUTE_VALUE = 0x42000B;
    public static final int ATTRIBUTE_REFERENCE = 0x42013B;

    private static final KmipRegistry REGISTRY = KmipRegistry.get();

    private ValueContext() {}

    /**
     * The meaning of an item's value.
     *
     * @param tag the item's tag
     * @param type the item's type; only Enumeration and Integer values have names
     * @param siblingAttributeName the text of an Attribute Name beside the item in its parent, if any
     */
    public static ValueMeaning meaningOf(int tag, ItemType type, Optional<String> siblingAttributeName) {
        if (type != ItemType.ENUMERATION && type != ItemType.INTEGER) {
            return ValueMeaning.PLAIN;
        }
        if (tag == ATTRIBUTE_REFERENCE && type == ItemType.ENUMERATION) {
            return ValueMeaning.TAG;
        }
        Optional<String> enumeration;
        if (tag == ATTRIBUTE_VALUE) {
            enumeration = siblingAttributeName
                    .flatMap(REGISTRY::tagByName)
                    .map(TagInfo::value)
                    .flatMap(REGISTRY::enumerationForTag);
        } else {
            enumeration = REGISTRY.enumerationForTag(tag);
        }
        if (enumeration.isEmpty()) {
            return ValueMeaning.PLAIN;
        }
        String name = enumeration.get();
        if (type == ItemType.INTEGER) {
            return REGISTRY.isMask(name) ? ValueMeaning.mask(name) : ValueMeaning.PLAIN;
        }
        return REGISTRY.isMask(name) ? ValueMeaning.PLAIN : ValueMeaning.enumeration(name);
    }

    /** The text of the first Text String Attribute Name among a structure's children (what readers look for too). */
    public static Optional<String> attributeNameAmong(List<Ttlv> children) {
        for (Ttlv c : children) {
            if (c.tag() == ATTRIBUTE_NAME && c instanceof Ttlv.TextString t) {
                return Optional.of(t.value());
            }
        }
        return Optional.empty();
    }
}
