package dev.snpkm.kmip.json;

import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.ScalarText;
import dev.snpkm.kmip.text.SecretText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict RFC 8259 parser for the subset KMIP JSON needs, producing plain Java values: {@code Map} (insertion
 * ordered, String keys), {@code List}, {@link SecretText} for string values (they may be key material in hex),
 * {@code Long} or {@code BigInteger}, {@code Boolean} and null. Refuses duplicate keys, trailing content, nesting
 * beyond a bound and non-integer numbers (no KMIP type is fractional).
 */
final class StrictJsonParser {
    private static final int MAX_DEPTH = 64;
    /** Enough for any 64-bit value (19 digits) and more, so that the range check names the problem. */
    private static final int MAX_DIGITS = 40;

    private final CharSequence s;
    /** Every string value made, for the caller to zero once it has read them. */
    private final List<SecretText> strings;

    private int pos;

    private StrictJsonParser(CharSequence s, List<SecretText> strings) {
        this.s = s;
        this.strings = strings;
    }

    /** Parses one JSON value; every string value it makes is added to {@code strings}, even when it fails. */
    static @Nullable Object parse(CharSequence json, List<SecretText> strings) throws KmipTextException {
        StrictJsonParser p = new StrictJsonParser(json, strings);
        @Nullable Object v = p.value(0);
        p.skipSpace();
        if (p.pos != json.length()) {
            throw p.error("unexpected content after the JSON value");
        }
        return v;
    }

    private @Nullable Object value(int depth) throws KmipTextException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", true);
            case 'f':
                return literal("false", false);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) throws KmipTextException {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek('}')) {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw error("expected a quoted member name");
            }
            String key = key();
            skipSpace();
            expect(':');
            if (out.containsKey(key)) {
                throw error("duplicate member \"" + key + "\"");
            }
            out.put(key, value(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array(int depth) throws KmipTextException {
        List<Object> out = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek(']')) {
            pos++;
            return out;
        }
        while (true) {
            out.add(value(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    /** A member name: not secret, so a String, and not kept for zeroing. */
    private String key() throws KmipTextException {
        SecretText name = new SecretText(rawLength());
        try {
            read(name);
            return name.toString();
        } finally {
            name.wipe();
        }
    }

    private SecretText string() throws KmipTextException {
        SecretText out = new SecretText(rawLength());
        strings.add(out);
        read(out);
        return out;
    }

    /**
     * The characters up to the closing quote, escapes counted as written (an upper bound on the string's length), so
     * that each string's buffer is the size of its text: a body of many empty strings costs what their Strings did.
     */
    private int rawLength() {
        int i = pos + 1;
        while (i < s.length() && s.charAt(i) != '"') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i, s.length()) - pos - 1;
    }

    private void read(SecretText out) throws KmipTextException {
        pos++; // opening quote
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return;
            } else if (c == '\\') {
                if (pos >= s.length()) {
                    break;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        out.append(e);
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'n':
                        out.append('\n');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'u':
                        if (pos + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = ScalarText.hexValue(s.charAt(pos + i));
                            if (digit < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code << 4 | digit;
                        }
                        out.append((char) code);
                        pos += 4;
                        break;
                    default:
                        throw error("bad escape \\" + e);
                }
            } else if (c < 0x20) {
                throw error("unescaped control character in a string");
            } else {
                out.append(c);
            }
        }
        throw error("unterminated string");
    }

    private Object number() throws KmipTextException {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        int digits = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digits || (s.charAt(digits) == '0' && pos - digits > 1)) {
            throw error("malformed number");
        }
        if (pos - digits > MAX_DIGITS) {
            // BigInteger parses decimal in time quadratic in its length; no KMIP number needs more (Big Integers
            // travel as hex strings)
            throw error("a number of more than " + MAX_DIGITS + " digits");
        }
        if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            throw error("KMIP JSON numbers are integers");
        }
        BigInteger v = new BigInteger(s.subSequence(start, pos).toString());
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private @Nullable Object literal(String word, @Nullable Object value) throws KmipTextException {
        if (pos + word.length() > s.length() || !word.contentEquals(s.subSequence(pos, pos + word.length()))) {
            throw error("unexpected token");
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) throws KmipTextException {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private KmipTextException error(String problem) {
        return new KmipTextException("JSON at character " + pos, problem);
    }
}
