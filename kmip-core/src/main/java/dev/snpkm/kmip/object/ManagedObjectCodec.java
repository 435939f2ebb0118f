package dev.snpkm.kmip.object;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Managed objects to and from their payload field; the field's tag follows from the Object Type. */
public final class ManagedObjectCodec {
    private static final Map<ObjectType, Integer> TAGS = new EnumMap<>(ObjectType.class);

    static {
        TAGS.put(ObjectType.CERTIFICATE, Tag.CERTIFICATE);
        TAGS.put(ObjectType.SYMMETRIC_KEY, Tag.SYMMETRIC_KEY);
        TAGS.put(ObjectType.PUBLIC_KEY, Tag.PUBLIC_KEY);
        TAGS.put(ObjectType.PRIVATE_KEY, Tag.PRIVATE_KEY);
        TAGS.put(ObjectType.SPLIT_KEY, Tag.SPLIT_KEY);
        TAGS.put(ObjectType.TEMPLATE, Tag.TEMPLATE);
        TAGS.put(ObjectType.SECRET_DATA, Tag.SECRET_DATA);
        TAGS.put(ObjectType.OPAQUE_OBJECT, Tag.OPAQUE_OBJECT);
        TAGS.put(ObjectType.PGP_KEY, Tag.PGP_KEY);
        TAGS.put(ObjectType.CERTIFICATE_REQUEST, Tag.CERTIFICATE_REQUEST);
    }

    private ManagedObjectCodec() {}

    /** The object of the given type in this payload; null if the payload has none. */
    public static @Nullable ManagedObject read(FieldReader payload, EnumCode<ObjectType> type)
            throws KmipMappingException {
        ObjectType known = type.known()
                .orElseThrow(() -> new KmipMappingException(
                        ResultReason.FEATURE_NOT_SUPPORTED,
                        "unsupported " + KmipMappingException.tagName(Tag.OBJECT_TYPE) + " " + type));
        Integer tag = TAGS.get(known);
        FieldReader o = tag == null ? null : payload.optStruct(tag);
        if (o == null) {
            return null;
        }
        switch (known) {
            case SYMMETRIC_KEY:
                return new ManagedObject.SymmetricKey(KeyBlock.read(o));
            case PUBLIC_KEY:
                return new ManagedObject.PublicKey(KeyBlock.read(o));
            case PRIVATE_KEY:
                return new ManagedObject.PrivateKey(KeyBlock.read(o));
            case SECRET_DATA:
                return new ManagedObject.SecretData(
                        o.enumeration(Tag.SECRET_DATA_TYPE, SecretDataType.class), KeyBlock.read(o));
            case SPLIT_KEY: {
                Ttlv.BigInt prime = o.optional(Tag.PRIME_FIELD_SIZE, Ttlv.BigInt.class);
                return new ManagedObject.SplitKey(
                        o.integer(Tag.SPLIT_KEY_PARTS),
                        o.integer(Tag.KEY_PART_IDENTIFIER),
                        o.integer(Tag.SPLIT_KEY_THRESHOLD),
                        o.enumeration(Tag.SPLIT_KEY_METHOD, SplitKeyMethod.class),
                        prime == null ? null : prime.value(),
                        KeyBlock.read(o));
            }
            case OPAQUE_OBJECT:
                return new ManagedObject.OpaqueObject(
                        o.required(Tag.OPAQUE_DATA_TYPE, Ttlv.Enumeration.class).value(),
                        FieldReader.secretOf(o.required(Tag.OPAQUE_DATA_VALUE, Ttlv.ByteString.class)));
            case CERTIFICATE:
                return new ManagedObject.Certificate(
                        o.enumeration(Tag.CERTIFICATE_TYPE, CertificateType.class), o.bytes(Tag.CERTIFICATE_VALUE));
            case TEMPLATE:
                // 2.x removed Template; a 2.x Template stays untyped so the server can refuse it by its type
                return o.version().isTwoOrLater()
                        ? new ManagedObject.Untyped(known, o.structure())
                        : new ManagedObject.Template(AttributeContainers.readV1List(o));
            default:
                return new ManagedObject.Untyped(known, o.structure());
        }
    }

    /** Like {@link #read} but the object must be there (Register request, Get response). */
    public static ManagedObject require(FieldReader payload, EnumCode<ObjectType> type) throws KmipMappingException {
        ManagedObject o = read(payload, type);
        if (o == null) {
            Integer tag = TAGS.get(type.known().orElseThrow());
            throw KmipMappingException.missing(tag == null ? Tag.OBJECT_TYPE : tag, payload.tag());
        }
        return o;
    }

    public static void write(FieldWriter w, @Nullable ManagedObject object) {
        if (object == null) {
            return;
        }
        int tag = Objects.requireNonNull(TAGS.get(object.objectType()), "no payload tag for this object type");
        FieldWriter o = new FieldWriter(w.version());
        if (object instanceof ManagedObject.SymmetricKey k) {
            o.add(k.keyBlock().toTtlv(w));
        } else if (object instanceof ManagedObject.PublicKey k) {
            o.add(k.keyBlock().toTtlv(w));
        } else if (object instanceof ManagedObject.PrivateKey k) {
            o.add(k.keyBlock().toTtlv(w));
        } else if (object instanceof ManagedObject.SecretData s) {
            o.enumeration(Tag.SECRET_DATA_TYPE, s.secretDataType())
                    .add(s.keyBlock().toTtlv(w));
        } else if (object instanceof ManagedObject.SplitKey k) {
            o.integer(Tag.SPLIT_KEY_PARTS, k.splitKeyParts())
                    .integer(Tag.KEY_PART_IDENTIFIER, k.keyPartIdentifier())
                    .integer(Tag.SPLIT_KEY_THRESHOLD, k.splitKeyThreshold())
                    .enumeration(Tag.SPLIT_KEY_METHOD, k.splitKeyMethod());
            if (k.primeFieldSize() != null) {
                o.add(Ttlv.bigInteger(Tag.PRIME_FIELD_SIZE, k.primeFieldSize()));
            }
            o.add(k.keyBlock().toTtlv(w));
        } else if (object instanceof ManagedObject.OpaqueObject op) {
            o.add(Ttlv.enumeration(Tag.OPAQUE_DATA_TYPE, op.opaqueDataType()))
                    .secret(Tag.OPAQUE_DATA_VALUE, op.value());
        } else if (object instanceof ManagedObject.Certificate c) {
            o.enumeration(Tag.CERTIFICATE_TYPE, c.certificateType()).bytes(Tag.CERTIFICATE_VALUE, c.value());
        } else if (object instanceof ManagedObject.Template t) {
            AttributeContainers.writeInline(o, t.attributes(), Tag.ATTRIBUTES);
        } else if (object instanceof ManagedObject.Untyped u) {
            o.addAll(u.structure().children());
        }
        w.add(o.toStructure(tag));
    }
}
