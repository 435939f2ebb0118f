package dev.snpkm.kmip.ttlv;

import java.nio.charset.StandardCharsets;

/** TTLV encoder (KMIP 1.4 §9.1, 2.1 §10.1): sizes the tree first, then writes it into one exact array. */
public final class TtlvEncoder {
    private static final int HEADER = 8;

    private TtlvEncoder() {}

    /** The encoded form of the item. */
    public static byte[] encode(Ttlv item) {
        byte[] out = new byte[Math.toIntExact(encodedLength(item))];
        int end = write(item, out, 0);
        assert end == out.length;
        return out;
    }

    /** The number of bytes {@link #encode} produces, header and padding included. */
    public static long encodedLength(Ttlv item) {
        return HEADER + paddedValueLength(item);
    }

    private static long paddedValueLength(Ttlv item) {
        if (item instanceof Ttlv.Structure s) {
            long sum = 0;
            for (Ttlv child : s.children()) {
                sum += encodedLength(child);
            }
            return sum;
        }
        return pad(valueLength(item));
    }

    private static long valueLength(Ttlv item) {
        if (item instanceof Ttlv.TextString t) {
            return t.utf8Length();
        } else if (item instanceof Ttlv.ByteString b) {
            return b.length();
        } else if (item instanceof Ttlv.BigInt b) {
            return b.length();
        } else if (item instanceof Ttlv.Structure) {
            return paddedValueLength(item);
        }
        return item.type().fixedLength();
    }

    private static long pad(long n) {
        return (n + 7) / 8 * 8;
    }

    private static int write(Ttlv item, byte[] out, int p) {
        int tag = item.tag();
        out[p] = (byte) (tag >>> 16);
        out[p + 1] = (byte) (tag >>> 8);
        out[p + 2] = (byte) tag;
        out[p + 3] = (byte) item.type().code();
        int v = p + HEADER;
        int len;
        if (item instanceof Ttlv.Structure s) {
            int q = v;
            for (Ttlv child : s.children()) {
                q = write(child, out, q);
            }
            len = q - v;
        } else if (item instanceof Ttlv.IntegerItem i) {
            len = 4;
            putInt(out, v, i.value());
        } else if (item instanceof Ttlv.Enumeration e) {
            len = 4;
            putInt(out, v, e.value());
        } else if (item instanceof Ttlv.Interval i) {
            len = 4;
            putInt(out, v, (int) i.seconds());
        } else if (item instanceof Ttlv.LongInteger l) {
            len = 8;
            putLong(out, v, l.value());
        } else if (item instanceof Ttlv.BooleanItem b) {
            len = 8;
            putLong(out, v, b.value() ? 1 : 0);
        } else if (item instanceof Ttlv.DateTime d) {
            len = 8;
            putLong(out, v, d.epochSeconds());
        } else if (item instanceof Ttlv.DateTimeExtended d) {
            len = 8;
            putLong(out, v, d.epochMicros());
        } else if (item instanceof Ttlv.TextString t) {
            byte[] utf8 = t.value().getBytes(StandardCharsets.UTF_8);
            len = utf8.length;
            System.arraycopy(utf8, 0, out, v, len);
        } else if (item instanceof Ttlv.ByteString b) {
            len = b.length();
            b.copyInto(out, v);
        } else if (item instanceof Ttlv.BigInt b) {
            len = b.length();
            b.copyInto(out, v);
        } else {
            throw new AssertionError(item);
        }
        putInt(out, p + 4, len);
        // Padding bytes are already zero in a fresh array.
        return v + (int) pad(len);
    }

    private static void putInt(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 24);
        out[p + 1] = (byte) (v >>> 16);
        out[p + 2] = (byte) (v >>> 8);
        out[p + 3] = (byte) v;
    }

    private static void putLong(byte[] out, int p, long v) {
        putInt(out, p, (int) (v >>> 32));
        putInt(out, p + 4, (int) v);
    }
}
