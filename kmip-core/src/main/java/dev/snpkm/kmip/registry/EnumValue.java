package dev.snpkm.kmip.registry;

/**
 * One value of a KMIP enumeration (or one bit of a mask).
 *
 * @param enumeration the enumeration's specification name, e.g. "Object Type"
 * @param value the 32-bit wire value
 * @param name the specification name, e.g. "Symmetric Key"
 * @param encodingName the CamelCase name for XML/JSON, e.g. "SymmetricKey"
 */
public record EnumValue(
        String enumeration,
        int value,
        String name,
        String encodingName,
        KmipVersion firstVersion,
        KmipVersion lastVersion) {
    public boolean existsIn(KmipVersion v) {
        return v.compareTo(firstVersion) >= 0 && v.compareTo(lastVersion) <= 0;
    }

    /** Enumeration values with 8 in the first nibble are the extension range (KMIP 2.1 §11). */
    public static boolean isExtension(int value) {
        return (value & 0xF000_0000) == 0x8000_0000;
    }
}
