package dev.snpkm.kmip.object;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyCompressionType;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Key Block (KMIP 1.4 §2.1.3): {Key Format Type, Key Compression Type, Key Value, Cryptographic Algorithm,
 * Cryptographic Length, Key Wrapping Data}. Optional fields are null when absent.
 */
public record KeyBlock(
        EnumCode<KeyFormatType> keyFormatType,
        @Nullable EnumCode<KeyCompressionType> keyCompressionType,
        @Nullable KeyValue keyValue,
        @Nullable EnumCode<CryptographicAlgorithm> cryptographicAlgorithm,
        @Nullable Integer cryptographicLength,
        @Nullable KeyWrappingData keyWrappingData) {
    public KeyBlock {
        Objects.requireNonNull(keyFormatType, "keyFormatType");
    }

    /** A plain Raw-format key, e.g. an AES key. */
    public static KeyBlock raw(byte[] key, CryptographicAlgorithm algorithm, int lengthBits) {
        return new KeyBlock(
                EnumCode.of(KeyFormatType.RAW),
                null,
                KeyValue.Plain.of(KeyMaterial.Raw.of(key)),
                EnumCode.of(algorithm),
                lengthBits,
                null);
    }

    /** Zeroes the key material held by this block. */
    public void destroy() {
        if (keyValue != null) {
            keyValue.destroy();
        }
    }

    static KeyBlock read(FieldReader r) throws KmipMappingException {
        FieldReader b = r.struct(Tag.KEY_BLOCK);
        return new KeyBlock(
                b.enumeration(Tag.KEY_FORMAT_TYPE, KeyFormatType.class),
                b.optEnumeration(Tag.KEY_COMPRESSION_TYPE, KeyCompressionType.class),
                readKeyValue(b),
                b.optEnumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class),
                b.optInteger(Tag.CRYPTOGRAPHIC_LENGTH),
                KeyWrappingData.read(b));
    }

    private static @Nullable KeyValue readKeyValue(FieldReader b) throws KmipMappingException {
        Ttlv v = b.optional(Tag.KEY_VALUE, Ttlv.class);
        if (v == null) {
            return null;
        }
        if (v instanceof Ttlv.ByteString wrapped) {
            return new KeyValue.Wrapped(FieldReader.secretOf(wrapped));
        }
        FieldReader kv = FieldReader.of(v, b.version());
        Ttlv m = kv.required(Tag.KEY_MATERIAL, Ttlv.class);
        KeyMaterial material;
        if (m instanceof Ttlv.ByteString raw) {
            material = new KeyMaterial.Raw(FieldReader.secretOf(raw));
        } else if (m instanceof Ttlv.Structure s) {
            material = new KeyMaterial.Transparent(s);
        } else {
            throw KmipMappingException.invalidField(Tag.KEY_MATERIAL, "expected ByteString or Structure");
        }
        Attributes attributes = AttributeContainers.readInline(kv, Tag.ATTRIBUTES);
        return new KeyValue.Plain(material, attributes == null || attributes.isEmpty() ? null : attributes);
    }

    Ttlv toTtlv(FieldWriter parent) {
        FieldWriter w = new FieldWriter(parent.version())
                .enumeration(Tag.KEY_FORMAT_TYPE, keyFormatType)
                .enumeration(Tag.KEY_COMPRESSION_TYPE, keyCompressionType);
        if (keyValue instanceof KeyValue.Wrapped wrapped) {
            w.secret(Tag.KEY_VALUE, wrapped.bytes());
        } else if (keyValue instanceof KeyValue.Plain plain) {
            FieldWriter kv = new FieldWriter(parent.version());
            if (plain.material() instanceof KeyMaterial.Raw raw) {
                kv.secret(Tag.KEY_MATERIAL, raw.bytes());
            } else if (plain.material() instanceof KeyMaterial.Transparent t) {
                kv.add(Ttlv.structure(Tag.KEY_MATERIAL, t.structure().children()));
            }
            AttributeContainers.writeInline(kv, plain.attributes(), Tag.ATTRIBUTES);
            w.add(kv.toStructure(Tag.KEY_VALUE));
        }
        return w.enumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, cryptographicAlgorithm)
                .integer(Tag.CRYPTOGRAPHIC_LENGTH, cryptographicLength)
                .add(keyWrappingData == null ? null : keyWrappingData.toTtlv())
                .toStructure(Tag.KEY_BLOCK);
    }
}
