package dev.snpkm.kmip.text;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Text forms of scalar values shared by the XML and JSON encodings (KMIP Profiles 2.1 §5.4.1): DateTime as
 * xsd:dateTime with a zone, Byte String and Big Integer as hex, numbers in decimal or {@code 0x} hex.
 */
public final class ScalarText {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
    private static final Pattern HEX_NUMBER = Pattern.compile("0[xX][0-9A-Fa-f]+");
    private static final DateTimeFormatter XSD_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private ScalarText() {}

    static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (hexValue(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII hex digit's value, or -1 (Character.digit would also take full-width and other scripts' digits). */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static boolean isDecimal(String s) {
        return DECIMAL.matcher(s).matches();
    }

    static boolean isHexNumber(String s) {
        return HEX_NUMBER.matcher(s).matches();
    }

    /** 0x followed by up to 8 hex digits, as an unsigned 32-bit pattern. */
    static int parseUnsigned32(String s) {
        String digits = s.substring(2);
        if (digits.length() > 8) {
            throw new IllegalArgumentException("'" + s + "' has more than 8 hex digits");
        }
        return (int) Long.parseLong(digits, 16);
    }

    /** A signed 32-bit decimal, or 0x hex of its bit pattern. */
    public static int parseInteger(String s) {
        if (isHexNumber(s)) {
            return parseUnsigned32(s);
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a 32-bit integer");
        }
    }

    /** A signed 64-bit decimal, or 0x hex (up to 16 digits) of its bit pattern. */
    public static long parseLong(String s) {
        try {
            if (isHexNumber(s)) {
                if (s.length() > 18) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a 64-bit integer");
        }
    }

    /** An Interval: unsigned 32-bit seconds, decimal. */
    public static long parseInterval(String s) {
        long v = isHexNumber(s) ? parseUnsigned32(s) & 0xFFFF_FFFFL : parseLong(s);
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Interval '" + s + "' is outside 0..4294967295 seconds");
        }
        return v;
    }

    /** xsd:boolean. */
    public static boolean parseBoolean(String s) {
        switch (s) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException("'" + s + "' is not a Boolean (true or false)");
        }
    }

    /**
     * Hex digits (either case, optional 0x prefix) to bytes, read straight from the text: a Byte String may be key
     * material held in a {@link SecretText}, so no String is made of it.
     */
    public static byte[] parseHex(CharSequence s) {
        int from = s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X') ? 2 : 0;
        int digits = s.length() - from;
        if (digits % 2 != 0) {
            throw notHex(s);
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            int high = hexValue(s.charAt(from + 2 * i));
            int low = hexValue(s.charAt(from + 2 * i + 1));
            if (high < 0 || low < 0) {
                Arrays.fill(out, (byte) 0);
                throw notHex(s);
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    private static IllegalArgumentException notHex(CharSequence s) {
        // the value itself may be key material: not echoed
        return new IllegalArgumentException(
                "not an even number of hex digits (value of " + s.length() + " characters)");
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Big Integer hex: two's complement big-endian. Shorter forms are sign-extended to a multiple of 8 bytes (KMIP 1.4
     * §9.1.1.4) so that the wire bytes, and thus the re-encoded form, are fixed by the text.
     */
    public static byte[] parseBigInteger(CharSequence s) {
        byte[] raw = parseHex(s);
        if (raw.length == 0) {
            throw new IllegalArgumentException("Big Integer has no digits");
        }
        int padded = (raw.length + 7) / 8 * 8;
        if (padded == raw.length) {
            return raw;
        }
        byte[] out = new byte[padded];
        Arrays.fill(out, 0, padded - raw.length, raw[0] < 0 ? (byte) 0xFF : 0);
        System.arraycopy(raw, 0, out, padded - raw.length, raw.length);
        Arrays.fill(raw, (byte) 0); // a private key's component, perhaps
        return out;
    }

    /** Decimal text of a Big Integer, for readers who want the number. */
    public static String bigIntegerDecimal(byte[] encoded) {
        return new BigInteger(encoded).toString();
    }

    /** xsd:dateTime in UTC, e.g. {@code 2008-03-14T11:56:40+00:00} (the form the OASIS test cases use). */
    public static String renderDateTime(long epochSeconds) {
        return XSD_DATE_TIME.format(
                OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    }

    /** xsd:dateTime that carries a zone; whole seconds only, since Date-Time is POSIX seconds (KMIP 1.4 §9.1.1.4). */
    public static long parseDateTime(String s) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + s + "' is not an xsd:dateTime with a time zone, e.g. " + "2008-03-14T11:56:40+00:00");
        }
        if (t.getNano() != 0) {
            throw new IllegalArgumentException("'" + s + "' has fractions of a second; DateTime holds whole seconds");
        }
        return t.toEpochSecond();
    }
}
