package dev.snpkm.kmip.text;

import dev.snpkm.kmip.ttlv.ItemType;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the placeholders of the OASIS test cases ({@code $UNIQUE_IDENTIFIER_0}, {@code $NOW-3600},
 * {@code $IV_COUNTER_NONCE}, ...) to items. A conformance runner passes one that knows the
 * server's real values; round-trip tests use {@link #standIns()}.
 */
@FunctionalInterface
public interface Placeholders {
    /**
     * The item to use where an element carries {@code placeholder} as its value.
     *
     * @param placeholder the value text, starting with {@code $}
     * @param tag the element's tag
     * @param type the element's declared type
     * @return an item with this tag and type, or null to read the text literally
     * @throws IllegalArgumentException if the placeholder cannot stand for an item of this type
     */
    @Nullable
    Ttlv resolve(String placeholder, int tag, ItemType type);

    /** No placeholders: every value is read literally. */
    Placeholders LITERAL = (placeholder, tag, type) -> null;

    /** The Profiles 2.1 OASIS Standard date, a fixed "now" so that stand-ins are reproducible. */
    Instant STAND_IN_NOW = Instant.parse("2020-12-14T00:00:00Z");

    /** Deterministic stand-ins with {@link #STAND_IN_NOW} as {@code $NOW}. */
    static Placeholders standIns() {
        return standIns(STAND_IN_NOW);
    }

    /**
     * Deterministic stand-ins: {@code $NOW} and {@code $NOW±seconds} become Date-Times relative to {@code now}; a Text
     * String keeps the placeholder text itself (so an identifier stays recognisable); a Byte String becomes the
     * placeholder's UTF-8 bytes. Other types have no stand-in.
     */
    static Placeholders standIns(Instant now) {
        Pattern relativeNow = Pattern.compile("\\$NOW(?:([+-])([0-9]+))?");
        return (placeholder, tag, type) -> {
            switch (type) {
                case DATE_TIME: {
                    Matcher m = relativeNow.matcher(placeholder);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("no Date-Time stand-in for " + placeholder);
                    }
                    long offset = m.group(1) == null ? 0 : Long.parseLong(m.group(2));
                    return Ttlv.dateTime(tag, now.getEpochSecond() + ("-".equals(m.group(1)) ? -offset : offset));
                }
                case TEXT_STRING:
                    return Ttlv.text(tag, placeholder);
                case BYTE_STRING:
                    return Ttlv.bytes(tag, placeholder.getBytes(StandardCharsets.UTF_8));
                default:
                    throw new IllegalArgumentException(
                            "no stand-in for placeholder " + placeholder + " of type " + type.encodingName());
            }
        };
    }
}
