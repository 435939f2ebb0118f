package dev.snpkm.client;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Instant;

/** The attributes clients set most often, as single instances (KMIP 1.4 §3, 2.1 §4). */
public final class KeyAttributes {
    private KeyAttributes() {}

    public static Attribute algorithm(CryptographicAlgorithm algorithm) {
        return Attribute.of("Cryptographic Algorithm", Ttlv.enumeration(Tag.ATTRIBUTE_VALUE, algorithm.value()));
    }

    public static Attribute length(int bits) {
        return Attribute.of("Cryptographic Length", Ttlv.integer(Tag.ATTRIBUTE_VALUE, bits));
    }

    public static Attribute usage(CryptographicUsageMask... bits) {
        int mask = 0;
        for (CryptographicUsageMask b : bits) {
            mask |= b.value();
        }
        return Attribute.of("Cryptographic Usage Mask", Ttlv.integer(Tag.ATTRIBUTE_VALUE, mask));
    }

    public static Attribute name(String name) {
        return Attribute.of("Name", Name.text(name));
    }

    public static Attribute activationDate(Instant at) {
        return Attribute.of("Activation Date", Ttlv.dateTime(Tag.ATTRIBUTE_VALUE, at.getEpochSecond()));
    }

    /** A custom text attribute: 1.x "x-foo", sent in 2.x as Vendor Attribute {x, foo}. */
    public static Attribute custom(String name, String value) {
        return Attribute.of(name, Ttlv.text(Tag.ATTRIBUTE_VALUE, value));
    }
}
