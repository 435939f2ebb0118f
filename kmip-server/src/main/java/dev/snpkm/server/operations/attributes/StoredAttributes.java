package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeCodec;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.store.SearchFields;
import dev.snpkm.server.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Attributes at rest: the internal (2.x-semantics) attribute list as Attributes {Attribute {Attribute Name, Attribute
 * Value}*}, the 1.x container form, which keeps every attribute, custom ones included, by its one internal name.
 * Unique Identifier, Object Type and State are not stored here: they are the store's columns.
 */
public final class StoredAttributes {
    private StoredAttributes() {}

    public static Ttlv.Structure encode(Attributes attributes) {
        List<Ttlv> items = new ArrayList<>();
        for (Attribute a : attributes.list()) {
            items.add(Ttlv.structure(
                    Tag.ATTRIBUTE,
                    Ttlv.text(Tag.ATTRIBUTE_NAME, a.name()),
                    a.value().toTtlv(Tag.ATTRIBUTE_VALUE)));
        }
        return Ttlv.structure(Tag.ATTRIBUTES, items);
    }

    public static Attributes decode(Ttlv.Structure stored) {
        List<Attribute> out = new ArrayList<>();
        try {
            for (Ttlv item : stored.children()) {
                Attribute a = AttributeCodec.decodeV1(FieldReader.of(item, KmipVersion.V2_1));
                out.add(a.index() == null ? a : new Attribute(a.name(), null, a.value()));
            }
        } catch (KmipMappingException e) {
            throw new StoreException("stored attributes are unreadable: " + e.getMessage(), e);
        }
        return new Attributes(out);
    }

    /** The columns Locate filters on, the Names the store keeps unique and the grantees, copied out of attributes. */
    public static SearchFields searchFields(Attributes a) {
        List<String> names = names(a);
        Integer algorithm = a.item(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, Ttlv.Enumeration.class)
                .map(Ttlv.Enumeration::value)
                .orElse(null);
        Integer length = a.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH).orElse(null);
        String group = a.text(AttributeNames.OBJECT_GROUP).orElse(null);
        // A grantee too long to index is refused when set (ObjectAccess); one stored before that is left out here.
        List<String> grantees = grantees(a).stream()
                .filter(g -> g.length() <= SearchFields.GRANTEE_MAX)
                .toList();
        return new SearchFields(names.isEmpty() ? null : names.get(0), algorithm, length, group, names, grantees);
    }

    /** Every Name attribute's value, in order. */
    public static List<String> names(Attributes a) {
        return a.all(AttributeNames.NAME).stream()
                .filter(n -> n.value() instanceof Name)
                .map(n -> ((Name) n.value()).value())
                .toList();
    }

    /** The identities x-authorized-client grants read access: its Text String values (subject DNs, fingerprints). */
    public static List<String> grantees(Attributes a) {
        return a.all(AttributeNames.X_AUTHORIZED_CLIENT).stream()
                .flatMap(g -> g.item().stream())
                .filter(Ttlv.TextString.class::isInstance)
                .map(t -> ((Ttlv.TextString) t).value())
                .toList();
    }

    /** Replaces every instance of {@code name} with one instance holding {@code value}'s value. */
    public static Attributes replace(Attributes a, Attribute value) {
        return a.without(value.name()).with(new Attribute(value.name(), null, value.value()));
    }

    /** A Date-Time attribute's value in POSIX seconds. */
    public static java.util.Optional<Long> date(Attributes a, String name) {
        return a.item(name, Ttlv.DateTime.class).map(Ttlv.DateTime::epochSeconds);
    }
}
