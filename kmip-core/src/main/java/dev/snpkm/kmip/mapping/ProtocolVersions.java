package dev.snpkm.kmip.mapping;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;

/** Protocol Version {Protocol Version Major, Protocol Version Minor} (KMIP 1.4 §6.1) ↔ {@link KmipVersion}. */
public final class ProtocolVersions {
    private ProtocolVersions() {}

    public static KmipVersion decode(FieldReader r) throws KmipMappingException {
        return new KmipVersion(r.integer(Tag.PROTOCOL_VERSION_MAJOR), r.integer(Tag.PROTOCOL_VERSION_MINOR));
    }

    public static Ttlv encode(KmipVersion v) {
        return Ttlv.structure(
                Tag.PROTOCOL_VERSION,
                Ttlv.integer(Tag.PROTOCOL_VERSION_MAJOR, v.major()),
                Ttlv.integer(Tag.PROTOCOL_VERSION_MINOR, v.minor()));
    }
}
