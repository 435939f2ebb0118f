package dev.snpkm.kmip.text;

import org.jspecify.annotations.Nullable;

/**
 * How the text encodings name the value of an Enumeration or Integer item.
 *
 * @param kind what the number means
 * @param enumeration the enumeration's specification name for {@link Kind#ENUMERATION} and {@link Kind#MASK}, else
 *        null
 */
public record ValueMeaning(Kind kind, @Nullable String enumeration) {
    public enum Kind {
        /** A plain number: Integers in decimal, Enumerations of unknown tags in hex. */
        PLAIN,
        /** A value of the named enumeration. */
        ENUMERATION,
        /** An Integer bit mask whose bits are the named enumeration's values (space-separated names). */
        MASK,
        /** A tag value, named by its tag name (KMIP 2.x Attribute Reference, KMIP 2.1 §7.4). */
        TAG
    }

    public static final ValueMeaning PLAIN = new ValueMeaning(Kind.PLAIN, null);
    public static final ValueMeaning TAG = new ValueMeaning(Kind.TAG, null);

    public static ValueMeaning enumeration(String name) {
        return new ValueMeaning(Kind.ENUMERATION, name);
    }

    public static ValueMeaning mask(String name) {
        return new ValueMeaning(Kind.MASK, name);
    }
}
