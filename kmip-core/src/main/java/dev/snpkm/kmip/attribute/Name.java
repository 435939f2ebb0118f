package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.NameType;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;

/** Name attribute (KMIP 1.4 §3.2, 2.1 §4.34): {Name Value, Name Type}. */
public record Name(String value, EnumCode<NameType> type) implements AttributeValue, AttributeValue.Structured {
    public Name {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(type, "type");
    }

    public static Name text(String value) {
        return new Name(value, EnumCode.of(NameType.UNINTERPRETED_TEXT_STRING));
    }

    static Name decode(FieldReader r) throws KmipMappingException {
        return new Name(r.text(Tag.NAME_VALUE), r.enumeration(Tag.NAME_TYPE, NameType.class));
    }

    @Override
    public void writeFields(FieldWriter w) {
        w.text(Tag.NAME_VALUE, value).enumeration(Tag.NAME_TYPE, type);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return structureWithTag(tag);
    }
}
