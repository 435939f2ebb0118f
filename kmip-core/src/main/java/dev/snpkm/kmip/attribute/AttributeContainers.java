package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The places attributes travel in a payload, per version (KMIP 2.1 §7 vs 1.4 §2.1.8): a template (1.x
 * Template-Attribute / Common... Template-Attribute ↔ 2.x Attributes / Common Attributes...), an inline list (1.x
 * Attribute* in the payload ↔ 2.x Attributes), one attribute (1.x Attribute ↔ 2.x New/Current Attribute) and attribute
 * references (1.x Attribute Name ↔ 2.x Attribute Reference).
 */
public final class AttributeContainers {
    private AttributeContainers() {}

    /** A template; null when absent. A 1.x template's Names (references to Template objects) become templateNames. */
    public static @Nullable Attributes readTemplate(FieldReader r, int v1Tag, int v2Tag) throws KmipMappingException {
        boolean v2 = r.version().isTwoOrLater();
        FieldReader t = r.optStruct(v2 ? v2Tag : v1Tag);
        if (t == null) {
            return null;
        }
        if (v2) {
            return readV2(t);
        }
        List<Name> names = new ArrayList<>();
        for (FieldReader n : t.structs(Tag.NAME)) {
            names.add(Name.decode(n));
        }
        return new Attributes(readV1List(t).list(), names);
    }

    public static void writeTemplate(FieldWriter w, @Nullable Attributes a, int v1Tag, int v2Tag) {
        if (a != null) {
            boolean v2 = w.version().isTwoOrLater();
            List<Ttlv> fields = new ArrayList<>();
            if (!v2) {
                a.templateNames().forEach(n -> fields.add(n.toTtlv(Tag.NAME)));
            }
            fields.addAll(encodeAll(a, w));
            w.add(Ttlv.structure(v2 ? v2Tag : v1Tag, fields));
        }
    }

    /**
     * The Template-Attribute a 1.x Create, Register, Re-key, Derive Key or Join Split Key response may carry after its
     * Unique Identifier (the attributes the server set implicitly); 2.x responses have none, so null there.
     */
    public static @Nullable Attributes readResponseTemplate(FieldReader r) throws KmipMappingException {
        return r.version().isTwoOrLater() ? null : readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
    }

    /** Writes {@link #readResponseTemplate}'s field: under 1.x only. */
    public static void writeResponseTemplate(FieldWriter w, @Nullable Attributes a) {
        if (!w.version().isTwoOrLater()) {
            writeTemplate(w, a, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
        }
    }

    /** 1.x: the Attribute children of the payload itself (never null); 2.x: the container, null when absent. */
    public static @Nullable Attributes readInline(FieldReader r, int v2Tag) throws KmipMappingException {
        if (!r.version().isTwoOrLater()) {
            return readV1List(r);
        }
        FieldReader t = r.optStruct(v2Tag);
        return t == null ? null : readV2(t);
    }

    public static void writeInline(FieldWriter w, @Nullable Attributes a, int v2Tag) {
        if (a == null) {
            return;
        }
        if (w.version().isTwoOrLater()) {
            w.add(Ttlv.structure(v2Tag, encodeAll(a, w)));
        } else {
            w.addAll(encodeAll(a, w));
        }
    }

    /** One attribute: 1.x the payload's Attribute field, 2.x the wrapper (New Attribute / Current Attribute). */
    public static @Nullable Attribute readSingle(FieldReader r, int v2WrapperTag) throws KmipMappingException {
        if (!r.version().isTwoOrLater()) {
            FieldReader a = r.optStruct(Tag.ATTRIBUTE);
            return a == null ? null : AttributeCodec.decodeV1(a);
        }
        FieldReader wrapper = r.optStruct(v2WrapperTag);
        if (wrapper == null) {
            return null;
        }
        List<Ttlv> content = wrapper.structure().children();
        if (content.size() != 1) {
            throw KmipMappingException.invalidField(v2WrapperTag, "must hold exactly one attribute");
        }
        return AttributeCodec.decodeV2(content.get(0), r.version());
    }

    public static void writeSingle(FieldWriter w, @Nullable Attribute a, int v2WrapperTag) {
        if (a == null) {
            return;
        }
        AttributeCodec.encode(a, w.version())
                .ifPresent(t -> w.add(w.version().isTwoOrLater() ? Ttlv.structure(v2WrapperTag, t) : t));
    }

    /** Attribute references: 1.x Attribute Name texts, 2.x Attribute Reference (Tag enumeration or vendor struct). */
    public static List<String> readReferences(FieldReader r) throws KmipMappingException {
        if (!r.version().isTwoOrLater()) {
            return r.texts(Tag.ATTRIBUTE_NAME);
        }
        List<String> out = new ArrayList<>();
        for (Ttlv ref : r.all(Tag.ATTRIBUTE_REFERENCE, Ttlv.class)) {
            if (ref instanceof Ttlv.Enumeration e) {
                out.add(AttributeCodec.nameOfTag(e.value()));
            } else {
                FieldReader s = FieldReader.of(ref, r.version());
                out.add(s.text(Tag.VENDOR_IDENTIFICATION) + "-" + s.text(Tag.ATTRIBUTE_NAME));
            }
        }
        return List.copyOf(out);
    }

    public static void writeReferences(FieldWriter w, List<String> names) {
        for (String name : names) {
            if (!AttributeCodec.isKnownIn(name, w.version())) {
                continue;
            }
            if (!w.version().isTwoOrLater()) {
                w.text(Tag.ATTRIBUTE_NAME, name);
            } else if (AttributeNames.isCustom(name)) {
                w.add(Ttlv.structure(
                        Tag.ATTRIBUTE_REFERENCE,
                        Ttlv.text(Tag.VENDOR_IDENTIFICATION, AttributeNames.vendorOf(name)),
                        Ttlv.text(Tag.ATTRIBUTE_NAME, AttributeNames.localNameOf(name))));
            } else {
                w.add(Ttlv.enumeration(Tag.ATTRIBUTE_REFERENCE, AttributeCodec.tagOfName(name)));
            }
        }
    }

    /** Every attribute the writer's version knows, in that version's form. */
    public static List<Ttlv> encodeAll(Attributes a, FieldWriter w) {
        List<Ttlv> out = new ArrayList<>();
        for (Attribute attr : a.list()) {
            AttributeCodec.encode(attr, w.version()).ifPresent(out::add);
        }
        return out;
    }

    /** 1.x: the Attribute children of the payload itself (a 1.x Template's body, say); none is an empty set. */
    public static Attributes readV1List(FieldReader r) throws KmipMappingException {
        List<Attribute> out = new ArrayList<>();
        for (FieldReader a : r.structs(Tag.ATTRIBUTE)) {
            out.add(AttributeCodec.decodeV1(a));
        }
        return new Attributes(out);
    }

    private static Attributes readV2(FieldReader container) throws KmipMappingException {
        List<Attribute> out = new ArrayList<>();
        for (Ttlv item : container.structure().children()) {
            out.add(AttributeCodec.decodeV2(item, container.version()));
        }
        return new Attributes(out);
    }
}
