package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import org.jspecify.annotations.Nullable;

/** Usage Limits attribute (KMIP 1.4 §3.21, 2.1 §4.62): {Total, Count, Unit}; each may be null in some contexts. */
public record UsageLimits(
        @Nullable Long total,
        @Nullable Long count,
        @Nullable EnumCode<UsageLimitsUnit> unit) implements AttributeValue, AttributeValue.Structured {

    static UsageLimits decode(FieldReader r) throws KmipMappingException {
        return new UsageLimits(
                r.optLong(Tag.USAGE_LIMITS_TOTAL),
                r.optLong(Tag.USAGE_LIMITS_COUNT),
                r.optEnumeration(Tag.USAGE_LIMITS_UNIT, UsageLimitsUnit.class));
    }

    @Override
    public void writeFields(FieldWriter w) {
        w.longInteger(Tag.USAGE_LIMITS_TOTAL, total)
                .longInteger(Tag.USAGE_LIMITS_COUNT, count)
                .enumeration(Tag.USAGE_LIMITS_UNIT, unit);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return structureWithTag(tag);
    }
}
