package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Map;

/** Which attributes have a typed value, and how to read it: a table from attribute name to decoder. */
final class AttributeValues {
    private interface Decoder {
        AttributeValue decode(FieldReader r) throws KmipMappingException;
    }

    private static final Map<String, Decoder> STRUCTURED = Map.of(
            AttributeNames.NAME, Name::decode,
            AttributeNames.LINK, Link::decode,
            AttributeNames.CRYPTOGRAPHIC_PARAMETERS, CryptographicParameters::decode,
            AttributeNames.DIGEST, Digest::decode,
            AttributeNames.USAGE_LIMITS, UsageLimits::decode,
            AttributeNames.APPLICATION_SPECIFIC_INFORMATION, ApplicationSpecificInformation::decode,
            AttributeNames.REVOCATION_REASON, RevocationReason::decode);

    private AttributeValues() {}

    /** The value of attribute {@code name} carried in {@code item} (any tag). */
    static AttributeValue decode(String name, Ttlv item, KmipVersion version) throws KmipMappingException {
        Decoder d = STRUCTURED.get(name);
        if (d == null) {
            return ItemValue.of(item);
        }
        return d.decode(FieldReader.of(item, version));
    }
}
