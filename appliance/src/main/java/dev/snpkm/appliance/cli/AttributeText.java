package dev.snpkm.appliance.cli;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.registry.EnumValue;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.TagInfo;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One attribute as an operator reads it in {@code keys show}: every value rendered from the specification's tables
 * (enumerations and masks by their spec names, dates in ISO-8601, booleans, intervals in seconds, structures as
 * {@code {Field: value, ...}} with spec field names, byte strings in hex), never a Java record's toString.
 * Attributes never carry key material, so nothing here can leak it.
 */
final class AttributeText {
    private static final KmipRegistry REGISTRY = KmipRegistry.get();
    /** Byte strings longer than this (a certificate, say) are shortened: the operator needs to recognise, not copy. */
    private static final int MAX_HEX_BYTES = 32;

    private AttributeText() {}

    static String of(Attribute a) {
        if (a.value() instanceof Name n) {
            return n.value();
        }
        int tag = REGISTRY.tagByName(a.name()).map(TagInfo::value).orElse(Tag.ATTRIBUTE_VALUE);
        // An item travelling as "Attribute Value" (1.x) is read under the attribute's own tag, whose
        // enumeration gives it meaning.
        Ttlv item = a.value().toTtlv(tag);
        return text(item, tag);
    }

    private static String text(Ttlv item, int meaningTag) {
        if (item instanceof Ttlv.Structure s) {
            return s.children().stream()
                    .map(c -> name(c.tag()) + ": " + text(c, c.tag()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (item instanceof Ttlv.TextString t) {
            return t.value();
        }
        if (item instanceof Ttlv.DateTime d) {
            return Instant.ofEpochSecond(d.epochSeconds()).toString();
        }
        if (item instanceof Ttlv.DateTimeExtended d) {
            return Instant.EPOCH.plusNanos(d.epochMicros() * 1000).toString();
        }
        if (item instanceof Ttlv.Interval i) {
            return i.seconds() + " s";
        }
        if (item instanceof Ttlv.BooleanItem b) {
            return Boolean.toString(b.value());
        }
        if (item instanceof Ttlv.Enumeration e) {
            return enumeration(meaningTag, e.value());
        }
        if (item instanceof Ttlv.IntegerItem i) {
            return integer(meaningTag, i.value());
        }
        if (item instanceof Ttlv.LongInteger l) {
            return Long.toString(l.value());
        }
        if (item instanceof Ttlv.BigInt b) {
            return b.value().toString();
        }
        return hex(((Ttlv.ByteString) item).value());
    }

    private static String enumeration(int tag, int value) {
        return REGISTRY.enumerationForTag(tag)
                .flatMap(e -> REGISTRY.valueOf(e, value, null))
                .map(EnumValue::name)
                .orElse("0x" + Integer.toHexString(value));
    }

    /** Masks (Cryptographic Usage Mask, Protection Storage Mask...) as their flags joined by '|'. */
    private static String integer(int tag, int value) {
        Optional<String> mask = REGISTRY.enumerationForTag(tag).filter(REGISTRY::isMask);
        if (mask.isEmpty()) {
            return Integer.toString(value);
        }
        String flags = REGISTRY.values(mask.get()).stream()
                .filter(v -> v.value() != 0 && (value & v.value()) == v.value())
                .map(EnumValue::name)
                .distinct()
                .collect(Collectors.joining("|"));
        return flags.isEmpty() ? "0" : flags;
    }

    private static String name(int tag) {
        return REGISTRY.tag(tag).map(TagInfo::name).orElse(String.format("0x%06x", tag));
    }

    private static String hex(byte[] b) {
        return b.length <= MAX_HEX_BYTES
                ? HexFormat.of().formatHex(b)
                : HexFormat.of().formatHex(b, 0, MAX_HEX_BYTES) + "... (" + b.length + " bytes)";
    }
}
