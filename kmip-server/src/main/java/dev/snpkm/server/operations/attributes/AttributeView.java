package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeCodec;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Digest;
import dev.snpkm.kmip.attribute.ItemValue;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An object's attributes as a client sees them: the stored ones plus Unique Identifier, Short Unique Identifier (2.x),
 * Object Type and State (the store's columns, State evaluated at read time), limited to what the request's version
 * defines as attributes.
 */
public final class AttributeView {
    /** Tags that 1.x knows only as fields of other structures; KMIP 2.0 made them attributes (2.1 §4). */
    private static final Set<String> ATTRIBUTES_SINCE_2_0 = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(AttributeNames.KEY_FORMAT_TYPE, AttributeNames.CERTIFICATE_SUBJECT_CN),
                    X509Attributes.DN_PART_NAMES.stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private AttributeView() {}

    public static Attributes of(KmipObject o, KmipVersion v) {
        List<Attribute> all = new ArrayList<>();
        all.add(AttributeFactory.text(AttributeNames.UNIQUE_IDENTIFIER, o.uid()));
        all.add(AttributeFactory.bytes(AttributeNames.SHORT_UNIQUE_IDENTIFIER, shortUniqueIdentifier(o.uid())));
        all.add(AttributeFactory.enumeration(AttributeNames.OBJECT_TYPE, o.row().objectType()));
        if (!Templates.isTemplate(o)) { // State is an attribute of cryptographic objects, not of Templates
            all.add(AttributeFactory.enumeration(AttributeNames.STATE, o.state().value()));
        }
        all.addAll(o.attributes().list());
        return new Attributes(all.stream()
                .filter(a -> AttributeCodec.isKnownIn(a.name(), v))
                .filter(a -> v.isTwoOrLater() || !ATTRIBUTES_SINCE_2_0.contains(a.name()))
                .map(a -> v.equals(KmipVersion.V1_0) ? digestOf10(a) : a)
                .toList());
    }

    /** KMIP 1.0 §3.17: a Digest is {Hashing Algorithm, Digest Value}; 1.1 added its Key Format Type field. */
    private static Attribute digestOf10(Attribute a) {
        if (!a.name().equals(AttributeNames.DIGEST)) {
            return a;
        }
        if (a.value() instanceof Digest d) {
            return new Attribute(a.name(), a.index(), new Digest(d.hashingAlgorithm(), d.value(), null));
        }
        return a.item()
                .filter(Ttlv.Structure.class::isInstance)
                .map(i -> new Attribute(
                        a.name(),
                        a.index(),
                        new ItemValue(Ttlv.structure(
                                i.tag(),
                                ((Ttlv.Structure) i)
                                        .children().stream()
                                                .filter(c -> c.tag() != Tag.KEY_FORMAT_TYPE)
                                                .toList()))))
                .orElse(a);
    }

    /** KMIP 2.0+ Short Unique Identifier (2.1 §4): a short, fixed-length alias of the Unique Identifier; here its SHA-256. */
    private static byte[] shortUniqueIdentifier(String uid) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static List<String> names(KmipObject o, KmipVersion v) {
        Set<String> names = new LinkedHashSet<>();
        of(o, v).list().forEach(a -> names.add(a.name()));
        return List.copyOf(names);
    }
}
