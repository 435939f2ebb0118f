package dev.snpkm.server.store;

/**
 * The attributes Locate filters on in SQL, copied out of the attribute structure by the caller (the store does not
 * interpret attributes). Any field may be null: the object has no such attribute.
 *
 * @param name the first Name attribute's value
 * @param cryptographicAlgorithm the Cryptographic Algorithm enumeration value
 * @param cryptographicLength the Cryptographic Length in bits
 * @param objectGroup the first Object Group attribute's value
 */
public record SearchFields(String name, Integer cryptographicAlgorithm, Integer cryptographicLength,
        String objectGroup) {

    public static SearchFields none() {
        return new SearchFields(null, null, null, null);
    }
}
