package dev.snpkm.kmip.json;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.SecretText;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;

/**
 * The KMIP JSON encoding (KMIP Profiles 2.1 §5.5): each item is {@code {"tag": "CamelCaseName" or "0x540001", "type":
 * "...", "value": ...}}, type omitted for a Structure, whose value is the array of its children. Lossless in both
 * directions. Hand-written so that kmip-core keeps no runtime dependencies.
 */
public final class KmipJson {
    private KmipJson() {}

    /**
     * Parses one item. Every JSON string is read into a {@link SecretText} that is zeroed before this returns, and
     * hex is decoded from it directly: key material given in a {@code SecretText} never becomes a String.
     */
    public static Ttlv parse(CharSequence json) throws KmipTextException {
        return parse(json, new ArrayList<>());
    }

    /** As {@link #parse(CharSequence)}, collecting the strings it read (zeroed on return) for tests to inspect. */
    static Ttlv parse(CharSequence json, List<SecretText> strings) throws KmipTextException {
        try {
            return new JsonTreeReader().read(StrictJsonParser.parse(json, strings));
        } finally {
            strings.forEach(SecretText::wipe);
        }
    }

    /** Renders with KMIP 2.1 enumeration names. */
    public static String render(Ttlv item) {
        return render(item, KmipVersion.V2_1);
    }

    /** Renders with the enumeration names of {@code version}. */
    public static String render(Ttlv item, KmipVersion version) {
        return new JsonTreeWriter(version).write(item);
    }

    /**
     * Renders as UTF-8 bytes with the enumeration names of {@code version}, for a message that may carry key
     * material: Byte Strings and Big Integers go from their bytes to the output without becoming a String.
     */
    public static byte[] renderUtf8(Ttlv item, KmipVersion version) {
        return new JsonTreeWriter(version).writeUtf8(item);
    }
}
