package dev.snpkm.kmip.ttlv;

import org.jspecify.annotations.Nullable;

/** The eleven TTLV item types with their wire code and the name the XML/JSON encodings use (KMIP 2.1 §10.1, §11.23). */
public enum ItemType {
    STRUCTURE(0x01, "Structure"),
    INTEGER(0x02, "Integer"),
    LONG_INTEGER(0x03, "LongInteger"),
    BIG_INTEGER(0x04, "BigInteger"),
    ENUMERATION(0x05, "Enumeration"),
    BOOLEAN(0x06, "Boolean"),
    TEXT_STRING(0x07, "TextString"),
    BYTE_STRING(0x08, "ByteString"),
    DATE_TIME(0x09, "DateTime"),
    INTERVAL(0x0A, "Interval"),
    DATE_TIME_EXTENDED(0x0B, "DateTimeExtended");

    private static final ItemType[] BY_CODE = new ItemType[0x0C];

    static {
        for (ItemType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String encodingName;

    ItemType(int code, String encodingName) {
        this.code = code;
        this.encodingName = encodingName;
    }

    public int code() {
        return code;
    }

    /** The name used by the KMIP XML and JSON encodings, e.g. {@code TextString}. */
    public String encodingName() {
        return encodingName;
    }

    /** The type with this wire code, or null if the code is not a KMIP item type. */
    public static @Nullable ItemType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The type with this XML/JSON name, or null. */
    public static @Nullable ItemType ofEncodingName(String name) {
        for (ItemType t : values()) {
            if (t.encodingName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Whether the value has a fixed length on the wire (and so a length field that must match it). */
    public boolean isFixedLength() {
        return fixedLength() >= 0;
    }

    /** The Length field value for fixed-size types, -1 for variable-size ones. */
    public int fixedLength() {
        switch (this) {
            case INTEGER:
            case ENUMERATION:
            case INTERVAL:
                return 4;
            case LONG_INTEGER:
            case BOOLEAN:
            case DATE_TIME:
            case DATE_TIME_EXTENDED:
                return 8;
            default:
                return -1;
        }
    }
}
