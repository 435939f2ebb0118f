package dev.snpkm.kmip.text;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.TagInfo;
import java.util.Optional;

/**
 * Tag ⇄ text: the CamelCase name for tags the specification defines, {@code 0x540001}-style hex for the rest
 * (extension and unknown tags), as KMIP Profiles 2.1 §5.4.1.1 and §5.5 prescribe.
 */
public final class TagNames {
    private static final KmipRegistry REGISTRY = KmipRegistry.get();

    private TagNames() {}

    /** The CamelCase name of a specification-defined tag, or empty for extension and unknown tags. */
    public static Optional<String> name(int tag) {
        return REGISTRY.tag(tag).map(TagInfo::encodingName);
    }

    /** The 6-digit hex form, e.g. {@code 0x54FFFF}. */
    public static String hex(int tag) {
        return String.format("0x%06X", tag);
    }

    /** The name if there is one, the hex form otherwise. */
    public static String render(int tag) {
        return name(tag).orElseGet(() -> hex(tag));
    }

    /** Parses a CamelCase or specification name, or {@code 0x} hex of at most 3 bytes. */
    public static int parse(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            String digits = text.substring(2);
            if (digits.isEmpty() || digits.length() > 6 || !ScalarText.isHex(digits)) {
                throw new IllegalArgumentException("tag '" + text + "' is not 0x followed by 1-6 hex digits");
            }
            return Integer.parseInt(digits, 16);
        }
        return REGISTRY.tagByName(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown KMIP tag name '" + text + "' (use the CamelCase name from the tag table or 0x hex)"))
                .value();
    }
}
