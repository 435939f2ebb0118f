package dev.snpkm.kmip.registry;

/**
 * One tag of the KMIP tag table.
 *
 * @param value the 3-byte tag, e.g. 0x420057
 * @param name the specification name, e.g. "Object Type"
 * @param encodingName the CamelCase name for XML/JSON, e.g. "ObjectType"
 * @param firstVersion the version that introduced it
 * @param lastVersion the last version that defines it
 */
public record TagInfo(int value, String name, String encodingName, KmipVersion firstVersion, KmipVersion lastVersion) {
    public boolean existsIn(KmipVersion v) {
        return v.compareTo(firstVersion) >= 0 && v.compareTo(lastVersion) <= 0;
    }

    /** Tags 0x540000-0x54FFFF are the extension range (KMIP 2.1 §10.1.1). */
    public static boolean isExtension(int tag) {
        return (tag & 0xFF0000) == 0x540000;
    }
}
