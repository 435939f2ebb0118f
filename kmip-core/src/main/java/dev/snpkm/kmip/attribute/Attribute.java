package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One attribute instance in the internal (KMIP 2.x) model.
 *
 * @param name the specification name ("Cryptographic Algorithm"), or for a custom/vendor attribute
 *     {@code vendor-name}: 1.x "x-foo" is 2.x Vendor Attribute {Vendor Identification "x", Attribute Name "foo"}
 * @param index the 1.x Attribute Index, or null (2.x has no index)
 * @param value the value
 */
public record Attribute(String name, @Nullable Integer index, AttributeValue value) {
    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static Attribute of(String name, AttributeValue value) {
        return new Attribute(name, null, value);
    }

    /** An attribute whose value is one TTLV item (its tag does not matter). */
    public static Attribute of(String name, Ttlv item) {
        return new Attribute(name, null, ItemValue.of(item));
    }

    /** The value's TTLV item for single-item attributes; empty for the typed structures. */
    public Optional<Ttlv> item() {
        return value instanceof ItemValue iv ? Optional.of(iv.item()) : Optional.empty();
    }

    /** Whether this is a custom (1.x "x-"/"y-") or vendor (2.x) attribute rather than a specification one. */
    public boolean isCustom() {
        return AttributeNames.isCustom(name);
    }
}
