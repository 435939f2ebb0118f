package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeCodec;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An object's attributes as a client sees them: the stored ones plus Unique Identifier, Object Type and State (the
 * store's columns, State evaluated at read time), limited to what the request's version defines.
 */
final class AttributeView {
    private AttributeView() {
    }

    static Attributes of(KmipObject o, KmipVersion v) {
        List<Attribute> all = new ArrayList<>();
        all.add(AttributeFactory.text(AttributeNames.UNIQUE_IDENTIFIER, o.uid()));
        all.add(AttributeFactory.enumeration(AttributeNames.OBJECT_TYPE, o.row().objectType()));
        all.add(AttributeFactory.enumeration(AttributeNames.STATE, o.state().value()));
        all.addAll(o.attributes().list());
        return new Attributes(all.stream().filter(a -> AttributeCodec.isKnownIn(a.name(), v)).toList());
    }

    static List<String> names(KmipObject o, KmipVersion v) {
        Set<String> names = new LinkedHashSet<>();
        of(o, v).list().forEach(a -> names.add(a.name()));
        return List.copyOf(names);
    }
}
