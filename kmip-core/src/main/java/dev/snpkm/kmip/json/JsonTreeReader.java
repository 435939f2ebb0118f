package dev.snpkm.kmip.json;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.ItemText;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.SecretText;
import dev.snpkm.kmip.text.TagNames;
import dev.snpkm.kmip.text.ValueContext;
import dev.snpkm.kmip.text.ValueMeaning;
import dev.snpkm.kmip.ttlv.ItemType;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Turns parsed KMIP JSON (KMIP Profiles 2.1 §5.5) into a TTLV tree. Numbers may also be given as strings. */
final class JsonTreeReader {
    private static final Set<String> MEMBERS = Set.of("tag", "type", "value", "name");

    private final ItemText text = new ItemText(KmipVersion.V2_1); // parsing accepts every version's names

    Ttlv read(@Nullable Object json) throws KmipTextException {
        return read(json, "$", Optional.empty());
    }

    private Ttlv read(@Nullable Object json, String path, Optional<String> siblingAttributeName)
            throws KmipTextException {
        if (!(json instanceof Map<?, ?> obj)) {
            throw new KmipTextException(path, "an item must be a JSON object with tag, type and value");
        }
        for (Object key : obj.keySet()) {
            if (!MEMBERS.contains(key)) {
                throw new KmipTextException(path, "unexpected member \"" + key + "\"");
            }
        }
        if (!(obj.get("tag") instanceof SecretText tagValue)) {
            throw new KmipTextException(path, "\"tag\" must be a string (CamelCase name or 0x hex)");
        }
        String tagText = tagValue.toString();
        int tag;
        try {
            tag = TagNames.parse(tagText);
        } catch (IllegalArgumentException e) {
            throw new KmipTextException(path, e.getMessage());
        }
        path = path + "." + tagText;
        ItemType type = ItemType.STRUCTURE;
        if (obj.containsKey("type")) {
            type = obj.get("type") instanceof SecretText t ? ItemType.ofEncodingName(t.toString()) : null;
            if (type == null) {
                throw new KmipTextException(path, "unknown type " + obj.get("type"));
            }
        }
        if (!obj.containsKey("value")) {
            throw new KmipTextException(path, "missing \"value\"");
        }
        Object value = obj.get("value");
        if (type == ItemType.STRUCTURE) {
            if (!(value instanceof List<?> list)) {
                throw new KmipTextException(path, "a Structure's value must be an array of items");
            }
            Optional<String> attributeName = attributeNameAmong(list);
            List<Ttlv> children = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                children.add(read(list.get(i), path + "[" + i + "]", attributeName));
            }
            return Ttlv.structure(tag, children);
        }
        try {
            return scalar(tag, type, value, ValueContext.meaningOf(tag, type, siblingAttributeName));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new KmipTextException(path, e.getMessage());
        }
    }

    private Ttlv scalar(int tag, ItemType type, Object value, ValueMeaning meaning) {
        if (value instanceof SecretText s) {
            return text.parse(tag, type, s, meaning); // hex is decoded from s itself
        }
        if (value instanceof Boolean b && type == ItemType.BOOLEAN) {
            return Ttlv.bool(tag, b);
        }
        if (value instanceof Long n) {
            switch (type) {
                case INTEGER:
                    return Ttlv.integer(tag, Math.toIntExact(n));
                case ENUMERATION:
                    return Ttlv.enumeration(tag, unsigned32(n));
                case LONG_INTEGER:
                    return Ttlv.longInteger(tag, n);
                case INTERVAL:
                    return Ttlv.interval(tag, n);
                case DATE_TIME:
                    return Ttlv.dateTime(tag, n);
                case DATE_TIME_EXTENDED:
                    return Ttlv.dateTimeExtended(tag, n);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("a " + type.encodingName() + " cannot have the JSON value "
                + (value == null
                        ? "null"
                        : value instanceof SecretText
                                ? "String"
                                : value.getClass().getSimpleName()));
    }

    private static int unsigned32(long n) {
        if (n < 0 || n > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Enumeration value " + n + " is outside 0..0xFFFFFFFF");
        }
        return (int) n;
    }

    private static Optional<String> attributeNameAmong(List<?> items) {
        for (Object o : items) {
            if (o instanceof Map<?, ?> m
                    && m.get("tag") instanceof SecretText t
                    && m.get("type") instanceof SecretText type
                    && "TextString".contentEquals(type)
                    && m.get("value") instanceof SecretText v) {
                try {
                    if (TagNames.parse(t.toString()) == ValueContext.ATTRIBUTE_NAME) {
                        return Optional.of(v.toString());
                    }
                } catch (IllegalArgumentException e) {
                    // an unknown tag is reported when the item itself is read
                }
            }
        }
        return Optional.empty();
    }
}
