package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Digest attribute (KMIP 1.4 §3.17, 2.1 §4.17): {Hashing Algorithm, Digest Value, Key Format Type}. Digest Value and
 * Key Format Type may be null.
 */
public record Digest(
        EnumCode<HashingAlgorithm> hashingAlgorithm,
        @Nullable Bytes value,
        @Nullable EnumCode<KeyFormatType> keyFormatType)
        implements AttributeValue, AttributeValue.Structured {
    public Digest {
        Objects.requireNonNull(hashingAlgorithm, "hashingAlgorithm");
    }

    static Digest decode(FieldReader r) throws KmipMappingException {
        return new Digest(
                r.enumeration(Tag.HASHING_ALGORITHM, HashingAlgorithm.class),
                r.optBytes(Tag.DIGEST_VALUE),
                r.optEnumeration(Tag.KEY_FORMAT_TYPE, KeyFormatType.class));
    }

    @Override
    public void writeFields(FieldWriter w) {
        w.enumeration(Tag.HASHING_ALGORITHM, hashingAlgorithm)
                .bytes(Tag.DIGEST_VALUE, value)
                .enumeration(Tag.KEY_FORMAT_TYPE, keyFormatType);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return structureWithTag(tag);
    }
}
