package dev.snpkm.server.store;

import java.util.List;

/**
 * The attributes the store indexes, copied out of the attribute structure by the caller (the store does not interpret
 * attributes). Any field may be null: the object has no such attribute.
 *
 * @param name the first Name attribute's value (Locate's column)
 * @param cryptographicAlgorithm the Cryptographic Algorithm enumeration value
 * @param cryptographicLength the Cryptographic Length in bits
 * @param objectGroup the first Object Group attribute's value
 * @param names every Name attribute's value, in order, which the store keeps unique per owner while the object is not
 *     destroyed ({@link NameInUseException}); an object read back carries only its first (the column)
 */
public record SearchFields(String name, Integer cryptographicAlgorithm, Integer cryptographicLength,
        String objectGroup, List<String> names) {

    public SearchFields {
        names = List.copyOf(names);
    }

    /** Fields of an object with at most one Name. */
    public SearchFields(String name, Integer cryptographicAlgorithm, Integer cryptographicLength, String objectGroup) {
        this(name, cryptographicAlgorithm, cryptographicLength, objectGroup, name == null ? List.of() : List.of(name));
    }

    public static SearchFields none() {
        return new SearchFields(null, null, null, null);
    }
}
