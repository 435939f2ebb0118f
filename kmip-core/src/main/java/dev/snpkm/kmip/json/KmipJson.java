package dev.snpkm.kmip.json;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.ttlv.Ttlv;

/**
 * The KMIP JSON encoding (KMIP Profiles 2.1 §5.5): each item is {@code {"tag": "CamelCaseName" or "0x540001", "type":
 * "...", "value": ...}}, type omitted for a Structure, whose value is the array of its children. Lossless in both
 * directions. Hand-written so that kmip-core keeps no runtime dependencies.
 */
public final class KmipJson {
    private KmipJson() {}

    public static Ttlv parse(String json) throws KmipTextException {
        return new JsonTreeReader().read(StrictJsonParser.parse(json));
    }

    /** Renders with KMIP 2.1 enumeration names. */
    public static String render(Ttlv item) {
        return render(item, KmipVersion.V2_1);
    }

    /** Renders with the enumeration names of {@code version}. */
    public static String render(Ttlv item, KmipVersion version) {
        return new JsonTreeWriter(version).write(item);
    }
}
