package dev.snpkm.server.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

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
 * @param grantees every x-authorized-client value (subject DNs or SHA-256 fingerprints, each at most
 *     {@link #GRANTEE_MAX} characters), which Locate finds a client's granted objects by; empty on an object read back
 */
public record SearchFields(
        @Nullable String name,
        @Nullable Integer cryptographicAlgorithm,
        @Nullable Integer cryptographicLength,
        @Nullable String objectGroup,
        List<String> names,
        List<String> grantees) {
    /** The longest grantee the store indexes: as long as an owner's subject DN may be. */
    public static final int GRANTEE_MAX = ObjectGrants.GRANTEE_MAX;
    /** The longest Name or Object Group value the store's columns hold (VARCHAR(1024), V1). */
    public static final int TEXT_MAX = 1024;

    public SearchFields {
        names = List.copyOf(names);
        grantees = List.copyOf(grantees);
        for (String g : grantees) {
            if (g.length() > GRANTEE_MAX) {
                throw new IllegalArgumentException("a grantee is longer than " + GRANTEE_MAX + " characters");
            }
        }
    }

    /** Fields of an object that grants no one. */
    public SearchFields(
            @Nullable String name,
            @Nullable Integer cryptographicAlgorithm,
            @Nullable Integer cryptographicLength,
            @Nullable String objectGroup,
            List<String> names) {
        this(name, cryptographicAlgorithm, cryptographicLength, objectGroup, names, List.of());
    }

    /** Fields of an object with at most one Name. */
    public SearchFields(
            @Nullable String name,
            @Nullable Integer cryptographicAlgorithm,
            @Nullable Integer cryptographicLength,
            @Nullable String objectGroup) {
        this(name, cryptographicAlgorithm, cryptographicLength, objectGroup, name == null ? List.of() : List.of(name));
    }

    public static SearchFields none() {
        return new SearchFields(null, null, null, null);
    }
}
