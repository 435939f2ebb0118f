package dev.snpkm.kmip.text;

import dev.snpkm.kmip.registry.EnumValue;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Names for Enumeration and Integer values (KMIP Profiles 2.1 §5.4.1.4-5): enumeration values by CamelCase name or
 * {@code 0x} hex, masks as space-separated names or hex, tag references by tag name. Renders the names of one KMIP
 * version (values were renamed between versions, e.g. Mask Generator MGF1); parses the names of any version.
 */
public final class ValueNames {
    private static final KmipRegistry REGISTRY = KmipRegistry.get();

    private final KmipVersion version;

    public ValueNames(KmipVersion version) {
        this.version = version;
    }

    public KmipVersion version() {
        return version;
    }

    /** The text of an Enumeration value. */
    public String renderEnumeration(ValueMeaning meaning, int value) {
        switch (meaning.kind()) {
            case ENUMERATION:
                return REGISTRY.valueOf(enumerationOf(meaning), value, version)
                        .map(EnumValue::encodingName)
                        .orElseGet(() -> enumHex(value));
            case TAG:
                return TagNames.name(value).orElseGet(() -> enumHex(value));
            default:
                return enumHex(value);
        }
    }

    /** Parses an Enumeration value: a name the meaning allows, or 0x hex (or, for unnamed values, decimal). */
    public int parseEnumeration(ValueMeaning meaning, String text) {
        if (ScalarText.isHexNumber(text)) {
            return ScalarText.parseUnsigned32(text);
        }
        switch (meaning.kind()) {
            case ENUMERATION:
                return REGISTRY.valueByName(enumerationOf(meaning), text, version)
                        .map(EnumValue::value)
                        .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a value of the "
                                + meaning.enumeration() + " enumeration (use its CamelCase name or 0x hex)"));
            case TAG:
                return TagNames.parse(text);
            default:
                return ScalarText.parseInteger(text);
        }
    }

    /** The text of an Integer: decimal, or mask names when every set bit has a name in this version. */
    public String renderInteger(ValueMeaning meaning, int value) {
        if (meaning.kind() != ValueMeaning.Kind.MASK) {
            return Integer.toString(value);
        }
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            int flag = 1 << bit;
            if ((value & flag) != 0) {
                Optional<EnumValue> named = REGISTRY.valueOf(enumerationOf(meaning), flag, version);
                if (named.isEmpty()) {
                    return enumHex(value); // an extension or reserved bit: hex keeps it exact
                }
                names.add(named.get().encodingName());
            }
        }
        return names.isEmpty() ? enumHex(0) : String.join(" ", names);
    }

    /**
     * Parses an Integer: decimal, 0x hex, or for masks names and/or hex parts OR-ed together, separated by spaces (as
     * the OASIS XML test cases write them) or '|' (as some JSON encoders do); rendering always uses spaces.
     */
    public int parseInteger(ValueMeaning meaning, String text) {
        if (meaning.kind() != ValueMeaning.Kind.MASK || ScalarText.isDecimal(text)) {
            return ScalarText.parseInteger(text);
        }
        int mask = 0;
        for (String part : text.trim().split("[\\s|]+")) {
            if (ScalarText.isHexNumber(part)) {
                mask |= ScalarText.parseUnsigned32(part);
            } else {
                mask |= REGISTRY.valueByName(enumerationOf(meaning), part, version)
                        .map(EnumValue::value)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "'" + part + "' is not a bit of the " + meaning.enumeration() + " mask"));
            }
        }
        return mask;
    }

    private static String enumHex(int value) {
        return String.format("0x%08X", value);
    }

    /** The enumeration a meaning of kind ENUMERATION or MASK names; those kinds always name one. */
    private static String enumerationOf(ValueMeaning meaning) {
        return Objects.requireNonNull(meaning.enumeration(), "an enumeration meaning without its enumeration");
    }
}
