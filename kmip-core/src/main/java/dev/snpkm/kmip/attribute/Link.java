package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;

/** Link attribute (KMIP 1.4 §3.35, 2.1 §4.33): {Link Type, Linked Object Identifier}. */
public record Link(EnumCode<LinkType> type, UniqueIdentifier linkedObject)
        implements AttributeValue, AttributeValue.Structured {
    public Link {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(linkedObject, "linkedObject");
    }

    public static Link of(LinkType type, String linkedUid) {
        return new Link(EnumCode.of(type), UniqueIdentifier.of(linkedUid));
    }

    static Link decode(FieldReader r) throws KmipMappingException {
        return new Link(r.enumeration(Tag.LINK_TYPE, LinkType.class), r.uid(Tag.LINKED_OBJECT_IDENTIFIER));
    }

    @Override
    public void writeFields(FieldWriter w) {
        w.enumeration(Tag.LINK_TYPE, type).uid(Tag.LINKED_OBJECT_IDENTIFIER, linkedObject);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return structureWithTag(tag);
    }
}
