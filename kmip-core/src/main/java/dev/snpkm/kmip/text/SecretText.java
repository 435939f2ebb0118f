package dev.snpkm.kmip.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Text that may carry key material as hex: a growable character buffer that can be zeroed, where a String, which
 * lives until the collector reclaims it, could not. The JSON and XML encodings write a message into one, and JSON
 * reads one, so that a Get's or a Register's key passes between bytes and text without becoming a String.
 *
 * <p>{@link #toString()} and {@link #subSequence} make Strings: for the parts that are not secret (names, numbers).
 * Not thread-safe.
 */
public final class SecretText implements CharSequence {
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private char[] chars;
    private int length;

    public SecretText(int capacity) {
        chars = new char[Math.max(0, capacity)];
    }

    /**
     * Text written by {@code fill}, handed to {@code result} (its UTF-8, its String), and zeroed whatever happens: how an
     * encoding writes a message that may carry key material.
     */
    public static <T> T written(Consumer<SecretText> fill, Function<SecretText, T> result) {
        SecretText text = new SecretText(256);
        try {
            fill.accept(text);
            return result.apply(text);
        } finally {
            text.wipe();
        }
    }

    /**
     * Strict UTF-8 bytes as text.
     *
     * @throws KmipTextException if the bytes are not UTF-8
     */
    public static SecretText utf8(byte[] bytes) throws KmipTextException {
        SecretText text = new SecretText(bytes.length); // UTF-8 never makes more chars than bytes
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.wrap(text.chars);
        try {
            CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), out, true);
            if (!result.isUnderflow()) {
                result.throwException();
            }
            result = decoder.flush(out);
            if (!result.isUnderflow()) {
                result.throwException();
            }
        } catch (CharacterCodingException e) {
            text.wipe();
            throw new KmipTextException("body", "not UTF-8 text");
        }
        text.length = out.position();
        return text;
    }

    public SecretText append(char c) {
        ensure(1);
        chars[length++] = c;
        return this;
    }

    /** Appends text that is not secret (it is already a String or a number). */
    public SecretText append(CharSequence s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            chars[length++] = s.charAt(i);
        }
        return this;
    }

    public SecretText append(long n) {
        return append(Long.toString(n));
    }

    /** Lower-case hex of the bytes, written straight into the buffer. */
    public SecretText appendHex(byte[] bytes) {
        ensure(bytes.length * 2);
        for (byte b : bytes) {
            chars[length++] = HEX_DIGITS[(b >> 4) & 0xF];
            chars[length++] = HEX_DIGITS[b & 0xF];
        }
        return this;
    }

    /**
     * The text as UTF-8, encoded straight from the buffer. A lone surrogate becomes '?', as in {@link
     * String#getBytes}.
     */
    public byte[] toUtf8() {
        int size = 0;
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (isPairAt(i)) {
                size += 4;
                i++;
            } else {
                size += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        byte[] out = new byte[size];
        int o = 0;
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (isPairAt(i)) {
                int cp = Character.toCodePoint(c, chars[++i]);
                out[o++] = (byte) (0xF0 | (cp >> 18));
                out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[o++] = '?';
            } else {
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    private boolean isPairAt(int i) {
        return Character.isHighSurrogate(chars[i]) && i + 1 < length && Character.isLowSurrogate(chars[i + 1]);
    }

    /** Zeroes the text; it is empty afterwards. */
    public void wipe() {
        Arrays.fill(chars, '\0');
        length = 0;
    }

    @Override
    public int length() {
        return length;
    }

    /** The buffer's size in characters, for bounds on what a parse holds. */
    public int capacity() {
        return chars.length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return chars[index];
    }

    /** A String copy of the range: only for parts that are not secret. */
    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("range [" + start + ", " + end + ") of " + length);
        }
        return new String(chars, start, end - start);
    }

    /** A String copy: only for text that is not secret. */
    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    /** The buffer itself, for tests that check it was zeroed. */
    char[] buffer() {
        return chars;
    }

    /** Whether every character of the buffer is zero (after {@link #wipe}): what a caller can check it was. */
    public boolean isZeroed() {
        for (char c : chars) {
            if (c != '\0') {
                return false;
            }
        }
        return true;
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            char[] grown = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
            Arrays.fill(chars, '\0'); // the old buffer holds what was written so far
            chars = grown;
        }
    }
}
