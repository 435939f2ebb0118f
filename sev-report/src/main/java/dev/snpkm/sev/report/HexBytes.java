package dev.snpkm.sev.report;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string (a report field, a digest, a chip id). Equality is by content and is
 * computed in constant time, because several fields (REPORT_DATA, MEASUREMENT) are compared
 * against secrets or expected values an attacker may probe byte by byte.
 */
public final class HexBytes {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] bytes;

    private HexBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static HexBytes of(byte[] bytes) {
        return new HexBytes(bytes.clone());
    }

    public static HexBytes of(byte[] source, int offset, int length) {
        return new HexBytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** Parses hex (upper or lower case, optional "0x" prefix, ':' or whitespace separators ignored). */
    public static HexBytes fromHex(String hex) {
        String s = hex.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        s = s.replace(":", "").replaceAll("\\s+", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("hex string has an odd number of digits (" + s.length() + ")");
        }
        try {
            return new HexBytes(HEX.parseHex(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex string: " + e.getMessage());
        }
    }

    public int length() {
        return bytes.length;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    public boolean isAllZero() {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }

    /** Constant-time content comparison (MessageDigest.isEqual is constant time for equal lengths). */
    public boolean contentEquals(byte[] other) {
        return other != null && MessageDigest.isEqual(bytes, other);
    }

    public HexBytes slice(int offset, int length) {
        return of(bytes, offset, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HexBytes h && MessageDigest.isEqual(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
