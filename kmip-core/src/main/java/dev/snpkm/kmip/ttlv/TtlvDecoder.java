package dev.snpkm.kmip.ttlv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict TTLV decoder (KMIP 1.4 §9.1, 2.1 §10.1). Rejects, naming offset, tag and problem: unknown item types, wrong
 * lengths for fixed-size types, non-zero padding, children that overrun their parent, invalid UTF-8, booleans other
 * than 0/1, nesting deeper than the limit and messages over the size limit. Thread-safe.
 */
public final class TtlvDecoder {
    private static final int HEADER = 8;

    private final TtlvLimits limits;

    public TtlvDecoder(TtlvLimits limits) {
        this.limits = limits;
    }

    public TtlvDecoder() {
        this(TtlvLimits.DEFAULT);
    }

    /** Decodes exactly one item that must span the whole array. */
    public Ttlv decode(byte[] message) throws TtlvException {
        return decode(message, 0, message.length);
    }

    /** Decodes exactly one item spanning {@code length} bytes from {@code offset}. */
    public Ttlv decode(byte[] buf, int offset, int length) throws TtlvException {
        if (length > limits.maxMessageBytes()) {
            throw new TtlvException(
                    0, -1, "message of " + length + " bytes exceeds the limit of " + limits.maxMessageBytes());
        }
        Cursor c = new Cursor(buf, offset, offset);
        Ttlv item = readItem(c, offset + length, 1);
        if (c.pos != offset + length) {
            throw new TtlvException(c.pos - offset, -1, (offset + length - c.pos) + " trailing bytes after the item");
        }
        return item;
    }

    /**
     * The total size of the message whose first 8 bytes are given (header + Length), for framing; the top-level
     * item must be a Structure.
     */
    public static long frameLength(byte[] header8) throws TtlvException {
        int tag = ((header8[0] & 0xFF) << 16) | ((header8[1] & 0xFF) << 8) | (header8[2] & 0xFF);
        if ((header8[3] & 0xFF) != ItemType.STRUCTURE.code()) {
            throw new TtlvException(
                    0,
                    tag,
                    "top-level item is not a Structure (type 0x" + Integer.toHexString(header8[3] & 0xFF) + ")");
        }
        long len = ByteBuffer.wrap(header8, 4, 4).getInt() & 0xFFFF_FFFFL;
        if (len % 8 != 0) {
            throw new TtlvException(4, tag, "Structure length " + len + " is not a multiple of 8");
        }
        return HEADER + len;
    }

    private static final class Cursor {
        final byte[] buf;
        final int base;
        int pos;

        Cursor(byte[] buf, int base, int pos) {
            this.buf = buf;
            this.base = base;
            this.pos = pos;
        }

        long rel(int p) {
            return (long) p - base;
        }
    }

    private Ttlv readItem(Cursor c, int limit, int depth) throws TtlvException {
        int start = c.pos;
        if (limit - start < HEADER) {
            throw new TtlvException(c.rel(start), -1, "need 8 header bytes, only " + (limit - start) + " left");
        }
        byte[] b = c.buf;
        int tag = ((b[start] & 0xFF) << 16) | ((b[start + 1] & 0xFF) << 8) | (b[start + 2] & 0xFF);
        int typeCode = b[start + 3] & 0xFF;
        ItemType type = ItemType.ofCode(typeCode);
        if (type == null) {
            throw new TtlvException(c.rel(start), tag, String.format("unknown item type 0x%02X", typeCode));
        }
        long length = readInt(b, start + 4) & 0xFFFF_FFFFL;
        int valueStart = start + HEADER;
        // The type's own length rule first, so the message names the real fault rather than a consequence of it.
        int fixed = type.fixedLength();
        if (fixed >= 0 && length != fixed) {
            throw new TtlvException(
                    c.rel(start), tag, type.encodingName() + " must have length " + fixed + ", not " + length);
        }
        if (type == ItemType.STRUCTURE && length % 8 != 0) {
            throw new TtlvException(c.rel(start), tag, "Structure length " + length + " is not a multiple of 8");
        }
        if (type == ItemType.BIG_INTEGER && (length == 0 || length % 8 != 0)) {
            // KMIP 1.4 §9.1.1.4: sign-extended to a multiple of 8, the extension counted in Length.
            throw new TtlvException(
                    c.rel(start), tag, "Big Integer length " + length + " is not a non-zero multiple of 8");
        }
        long padded = type == ItemType.STRUCTURE ? length : (length + 7) / 8 * 8;
        if (padded > limit - valueStart) {
            throw new TtlvException(
                    c.rel(start),
                    tag,
                    type.encodingName() + " length " + length + " overruns its parent (" + (limit - valueStart)
                            + " bytes left)");
        }
        int len = (int) length;
        int valueEnd = valueStart + len;
        int next = valueStart + (int) padded;
        for (int i = valueEnd; i < next; i++) {
            if (b[i] != 0) {
                throw new TtlvException(c.rel(start), tag, "non-zero padding byte at offset " + c.rel(i));
            }
        }
        Ttlv item;
        switch (type) {
            case STRUCTURE:
                if (depth > limits.maxDepth()) {
                    throw new TtlvException(c.rel(start), tag, "nesting deeper than " + limits.maxDepth() + " levels");
                }
                Ttlv[] children = new Ttlv[8];
                int count = 0;
                c.pos = valueStart;
                while (c.pos < valueEnd) {
                    if (count == children.length) {
                        children = Arrays.copyOf(children, count * 2);
                    }
                    children[count++] = readItem(c, valueEnd, depth + 1);
                }
                item = new Ttlv.Structure(tag, ChildList.of(children, count));
                break;
            case INTEGER:
                item = new Ttlv.IntegerItem(tag, readInt(b, valueStart));
                break;
            case LONG_INTEGER:
                item = new Ttlv.LongInteger(tag, readLong(b, valueStart));
                break;
            case BIG_INTEGER: {
                byte[] v = Arrays.copyOfRange(b, valueStart, valueEnd);
                item = new Ttlv.BigInt(tag, v); // keeps a copy of its own: no second copy of a key is left behind
                Arrays.fill(v, (byte) 0);
                break;
            }
            case ENUMERATION:
                item = new Ttlv.Enumeration(tag, readInt(b, valueStart));
                break;
            case BOOLEAN: {
                long v = readLong(b, valueStart);
                if (v != 0 && v != 1) {
                    throw new TtlvException(
                            c.rel(start), tag, "Boolean value must be 0 or 1, not " + Long.toHexString(v));
                }
                item = new Ttlv.BooleanItem(tag, v == 1);
                break;
            }
            case TEXT_STRING:
                item = new Ttlv.TextString(tag, utf8(b, valueStart, len, c.rel(start), tag));
                break;
            case BYTE_STRING: {
                byte[] v = Arrays.copyOfRange(b, valueStart, valueEnd);
                item = new Ttlv.ByteString(tag, v); // keeps a copy of its own: no second copy of a key is left behind
                Arrays.fill(v, (byte) 0);
                break;
            }
            case DATE_TIME:
                item = new Ttlv.DateTime(tag, readLong(b, valueStart));
                break;
            case INTERVAL:
                item = new Ttlv.Interval(tag, readInt(b, valueStart) & 0xFFFF_FFFFL);
                break;
            case DATE_TIME_EXTENDED:
                item = new Ttlv.DateTimeExtended(tag, readLong(b, valueStart));
                break;
            default:
                throw new AssertionError(type);
        }
        c.pos = next;
        return item;
    }

    private static String utf8(byte[] b, int from, int len, long offset, int tag) throws TtlvException {
        // Most KMIP text is ASCII (identifiers, names): skip building a strict CharsetDecoder for it.
        boolean ascii = true;
        for (int i = from; i < from + len && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii) {
            return new String(b, from, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TtlvException(offset, tag, "Text String is not valid UTF-8");
        }
    }

    static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static long readLong(byte[] b, int p) {
        return ((long) readInt(b, p) << 32) | (readInt(b, p + 4) & 0xFFFF_FFFFL);
    }
}
