package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;

/** Single-item attribute instances the server sets. */
public final class AttributeFactory {
    private AttributeFactory() {}

    public static Attribute enumeration(String name, int value) {
        return Attribute.of(name, Ttlv.enumeration(Tag.ATTRIBUTE_VALUE, value));
    }

    public static Attribute integer(String name, int value) {
        return Attribute.of(name, Ttlv.integer(Tag.ATTRIBUTE_VALUE, value));
    }

    public static Attribute text(String name, String value) {
        return Attribute.of(name, Ttlv.text(Tag.ATTRIBUTE_VALUE, value));
    }

    public static Attribute bool(String name, boolean value) {
        return Attribute.of(name, Ttlv.bool(Tag.ATTRIBUTE_VALUE, value));
    }

    public static Attribute bytes(String name, byte[] value) {
        return Attribute.of(name, Ttlv.bytes(Tag.ATTRIBUTE_VALUE, value));
    }

    public static Attribute date(String name, long epochSeconds) {
        return Attribute.of(name, Ttlv.dateTime(Tag.ATTRIBUTE_VALUE, epochSeconds));
    }
}
