package dev.snpkm.kmip.text;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.ItemType;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Arrays;

/**
 * The {@code value} text of a non-Structure item in the KMIP XML encoding (KMIP Profiles 2.1 §5.4.1), and in JSON
 * wherever JSON uses a string. Lossless: {@code parse(render(item))} equals {@code item}.
 */
public final class ItemText {
    private final ValueNames names;

    public ItemText(KmipVersion version) {
        this.names = new ValueNames(version);
    }

    public ValueNames names() {
        return names;
    }

    /** The value text of a scalar item; Byte Strings are rendered as hex, since this is an encoding's output. */
    public String render(Ttlv item, ValueMeaning meaning) {
        if (item instanceof Ttlv.IntegerItem i) {
            return names.renderInteger(meaning, i.value());
        } else if (item instanceof Ttlv.Enumeration e) {
            return names.renderEnumeration(meaning, e.value());
        } else if (item instanceof Ttlv.LongInteger l) {
            return Long.toString(l.value());
        } else if (item instanceof Ttlv.BigInt b) {
            return ScalarText.hex(b.encoded());
        } else if (item instanceof Ttlv.BooleanItem b) {
            return Boolean.toString(b.value());
        } else if (item instanceof Ttlv.TextString t) {
            return t.value();
        } else if (item instanceof Ttlv.ByteString b) {
            return ScalarText.hex(b.value());
        } else if (item instanceof Ttlv.DateTime d) {
            return ScalarText.renderDateTime(d.epochSeconds());
        } else if (item instanceof Ttlv.Interval i) {
            return Long.toString(i.seconds());
        } else if (item instanceof Ttlv.DateTimeExtended d) {
            return Long.toString(d.epochMicros()); // xsd:long microseconds (Profiles 2.1 §5.4.1.6)
        }
        throw new IllegalArgumentException("a Structure has no value text");
    }

    /** Whether the item's value text is the hex of its bytes (Byte String, Big Integer): perhaps key material. */
    public static boolean isHexValued(Ttlv item) {
        return item instanceof Ttlv.ByteString || item instanceof Ttlv.BigInt;
    }

    /**
     * Appends the value text of a Byte String or Big Integer, as {@link #render} gives it, straight from its bytes:
     * they may be key material, so no String is made of them.
     */
    public static void renderHexInto(Ttlv item, SecretText out) {
        byte[] bytes;
        if (item instanceof Ttlv.ByteString b) {
            bytes = b.value();
        } else if (item instanceof Ttlv.BigInt b) {
            bytes = b.encoded();
        } else {
            throw new IllegalArgumentException("a " + item.type().encodingName() + " is not written as hex");
        }
        try {
            out.appendHex(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0); // a copy
        }
    }

    /**
     * Parses value text into an item. Hex (Byte String, Big Integer) is read from the text as it is, so key material
     * given in a {@link SecretText} never becomes a String.
     *
     * @throws IllegalArgumentException naming the problem (never echoing Byte String content)
     */
    public Ttlv parse(int tag, ItemType type, CharSequence text, ValueMeaning meaning) {
        if (type == ItemType.BYTE_STRING || type == ItemType.BIG_INTEGER) {
            byte[] bytes = type == ItemType.BYTE_STRING ? ScalarText.parseHex(text) : ScalarText.parseBigInteger(text);
            try {
                return type == ItemType.BYTE_STRING ? Ttlv.bytes(tag, bytes) : new Ttlv.BigInt(tag, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0); // the item holds its own copy
            }
        }
        return parsePlain(tag, type, text.toString(), meaning);
    }

    private Ttlv parsePlain(int tag, ItemType type, String text, ValueMeaning meaning) {
        switch (type) {
            case INTEGER:
                return Ttlv.integer(tag, names.parseInteger(meaning, text));
            case ENUMERATION:
                return Ttlv.enumeration(tag, names.parseEnumeration(meaning, text));
            case LONG_INTEGER:
                return Ttlv.longInteger(tag, ScalarText.parseLong(text));
            case BOOLEAN:
                return Ttlv.bool(tag, ScalarText.parseBoolean(text));
            case TEXT_STRING:
                return Ttlv.text(tag, text);
            case DATE_TIME:
                return Ttlv.dateTime(tag, ScalarText.parseDateTime(text));
            case INTERVAL:
                return Ttlv.interval(tag, ScalarText.parseInterval(text));
            case DATE_TIME_EXTENDED:
                return Ttlv.dateTimeExtended(tag, ScalarText.parseLong(text));
            default:
                throw new IllegalArgumentException("a Structure has no value text");
        }
    }
}
