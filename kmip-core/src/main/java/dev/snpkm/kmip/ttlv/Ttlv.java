package dev.snpkm.kmip.ttlv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One TTLV item: a tag, a type and a value. Immutable; a Structure holds its children in wire order.
 *
 * <p>The generic tree is what the codec and the XML/JSON encodings speak; the typed message model maps to and from it.
 */
public sealed interface Ttlv {

    /** The 3-byte tag, e.g. 0x420078. */
    int tag();

    ItemType type();

    /**
     * Zeroes every Byte String and Big Integer in the tree, in place: for a message that carried key material (a
     * Transparent key's private components are Big Integers), once it was encoded or mapped (every accessor and the
     * typed model hold copies, so nothing else sees the change). The tree is useless afterwards.
     */
    static void wipe(Ttlv item) {
        if (item instanceof ByteString b) {
            b.wipe();
        } else if (item instanceof BigInt b) {
            b.wipe();
        } else if (item instanceof Structure s) {
            for (Ttlv child : s.children()) {
                wipe(child);
            }
        }
    }

    static Structure structure(int tag, List<Ttlv> children) {
        return new Structure(tag, children);
    }

    static Structure structure(int tag, Ttlv... children) {
        return new Structure(tag, List.of(children));
    }

    static IntegerItem integer(int tag, int value) {
        return new IntegerItem(tag, value);
    }

    static LongInteger longInteger(int tag, long value) {
        return new LongInteger(tag, value);
    }

    static BigInt bigInteger(int tag, BigInteger value) {
        return BigInt.of(tag, value);
    }

    static Enumeration enumeration(int tag, int value) {
        return new Enumeration(tag, value);
    }

    static BooleanItem bool(int tag, boolean value) {
        return new BooleanItem(tag, value);
    }

    static TextString text(int tag, String value) {
        return new TextString(tag, value);
    }

    static ByteString bytes(int tag, byte[] value) {
        return new ByteString(tag, value);
    }

    static DateTime dateTime(int tag, long epochSeconds) {
        return new DateTime(tag, epochSeconds);
    }

    static Interval interval(int tag, long seconds) {
        return new Interval(tag, seconds);
    }

    static DateTimeExtended dateTimeExtended(int tag, long epochMicros) {
        return new DateTimeExtended(tag, epochMicros);
    }

    /** A Structure: an ordered list of child items. */
    record Structure(int tag, List<Ttlv> children) implements Ttlv {
        public Structure {
            children = children instanceof ChildList ? children : List.copyOf(children);
        }

        @Override
        public ItemType type() {
            return ItemType.STRUCTURE;
        }

        /** The first child with this tag. */
        public Optional<Ttlv> child(int childTag) {
            for (Ttlv c : children) {
                if (c.tag() == childTag) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        /** Every child with this tag, in order. */
        public List<Ttlv> childrenWithTag(int childTag) {
            List<Ttlv> out = new ArrayList<>();
            for (Ttlv c : children) {
                if (c.tag() == childTag) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** Integer: signed 32-bit. */
    record IntegerItem(int tag, int value) implements Ttlv {
        @Override
        public ItemType type() {
            return ItemType.INTEGER;
        }
    }

    /** Long Integer: signed 64-bit. */
    record LongInteger(int tag, long value) implements Ttlv {
        @Override
        public ItemType type() {
            return ItemType.LONG_INTEGER;
        }
    }

    /**
     * Big Integer kept as its wire bytes (two's complement, a multiple of 8 long) so that a decoded item re-encodes
     * byte-identically even when the sender used more sign-extension bytes than needed.
     */
    record BigInt(int tag, byte[] encoded) implements Ttlv {
        public BigInt {
            if (encoded.length == 0 || encoded.length % 8 != 0) {
                throw new IllegalArgumentException("Big Integer encoding must be a non-empty multiple of 8 bytes");
            }
            encoded = encoded.clone();
        }

        /** The minimal multiple-of-8 encoding of the value. */
        public static BigInt of(int tag, BigInteger value) {
            byte[] minimal = value.toByteArray();
            int padded = ((minimal.length + 7) / 8) * 8;
            byte[] out = new byte[padded];
            byte fill = value.signum() < 0 ? (byte) 0xFF : 0;
            Arrays.fill(out, 0, padded - minimal.length, fill);
            System.arraycopy(minimal, 0, out, padded - minimal.length, minimal.length);
            return new BigInt(tag, out);
        }

        public BigInteger value() {
            return new BigInteger(encoded);
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        /** Length without copying. */
        int length() {
            return encoded.length;
        }

        void copyInto(byte[] dest, int offset) {
            System.arraycopy(encoded, 0, dest, offset, encoded.length);
        }

        void wipe() {
            Arrays.fill(encoded, (byte) 0);
        }

        @Override
        public ItemType type() {
            return ItemType.BIG_INTEGER;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BigInt b && b.tag == tag && Arrays.equals(b.encoded, encoded);
        }

        @Override
        public int hashCode() {
            return 31 * tag + Arrays.hashCode(encoded);
        }

        @Override
        public String toString() {
            return "BigInt[tag=0x" + Integer.toHexString(tag) + ", value=" + value() + "]";
        }
    }

    /** Enumeration: an unsigned 32-bit value held in an int (extension values have the top bit set). */
    record Enumeration(int tag, int value) implements Ttlv {
        @Override
        public ItemType type() {
            return ItemType.ENUMERATION;
        }
    }

    record BooleanItem(int tag, boolean value) implements Ttlv {
        @Override
        public ItemType type() {
            return ItemType.BOOLEAN;
        }
    }

    record TextString(int tag, String value) implements Ttlv {
        public TextString {
            if (value == null) {
                throw new IllegalArgumentException("Text String value is null");
            }
        }

        @Override
        public ItemType type() {
            return ItemType.TEXT_STRING;
        }

        /**
         * The UTF-8 length, counted without encoding so the encoder converts each string once. Matches
         * {@code String.getBytes(UTF_8)}, which writes an unpaired surrogate as the one byte '?'.
         */
        int utf8Length() {
            int n = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    n += 1;
                } else if (c < 0x800) {
                    n += 2;
                } else if (Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else if (Character.isSurrogate(c)) {
                    n += 1;
                } else {
                    n += 3;
                }
            }
            return n;
        }
    }

    /** Byte String; the array is copied in and out, so the item stays immutable. */
    record ByteString(int tag, byte[] value) implements Ttlv {
        public ByteString {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** Length without copying. */
        public int length() {
            return value.length;
        }

        void copyInto(byte[] dest, int offset) {
            System.arraycopy(value, 0, dest, offset, value.length);
        }

        void wipe() {
            Arrays.fill(value, (byte) 0);
        }

        @Override
        public ItemType type() {
            return ItemType.BYTE_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteString b && b.tag == tag && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * tag + Arrays.hashCode(value);
        }

        /** Never prints the bytes: a Byte String may be key material. */
        @Override
        public String toString() {
            return "ByteString[tag=0x" + Integer.toHexString(tag) + ", length=" + value.length + "]";
        }

        /** Hex of the bytes, for encodings that must render them (XML/JSON dumps). */
        public String hex() {
            return HexFormat.of().withUpperCase().formatHex(value);
        }
    }

    /** Date-Time: POSIX seconds. */
    record DateTime(int tag, long epochSeconds) implements Ttlv {
        @Override
        public ItemType type() {
            return ItemType.DATE_TIME;
        }
    }

    /** Interval: unsigned 32-bit seconds. */
    record Interval(int tag, long seconds) implements Ttlv {
        public Interval {
            if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("Interval out of unsigned 32-bit range: " + seconds);
            }
        }

        @Override
        public ItemType type() {
            return ItemType.INTERVAL;
        }
    }

    /** Date-Time Extended (KMIP 2.0+): POSIX microseconds. */
    record DateTimeExtended(int tag, long epochMicros) implements Ttlv {
        @Override
        public ItemType type() {
            return ItemType.DATE_TIME_EXTENDED;
        }
    }
}
