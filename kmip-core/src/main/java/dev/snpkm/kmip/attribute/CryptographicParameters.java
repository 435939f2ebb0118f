package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.KmipEnum;
import dev.snpkm.kmip.enums.MaskGenerator;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.ItemType;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cryptographic Parameters (KMIP 1.4 §3.6, 2.1 §4.12). Eighteen optional fields, most of which the server only passes
 * on, so the value keeps its validated fields in wire order and offers typed getters for the ones wrapping and
 * encryption decide on. Fields of a newer version are kept and re-encoded unchanged.
 */
public record CryptographicParameters(List<Ttlv> fields) implements AttributeValue, AttributeValue.Structured {
    /** Field tags in the order of the spec table, with their item types. */
    private static final Map<Integer, ItemType> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put(Tag.BLOCK_CIPHER_MODE, ItemType.ENUMERATION);
        FIELDS.put(Tag.PADDING_METHOD, ItemType.ENUMERATION);
        FIELDS.put(Tag.HASHING_ALGORITHM, ItemType.ENUMERATION);
        FIELDS.put(Tag.KEY_ROLE_TYPE, ItemType.ENUMERATION);
        FIELDS.put(Tag.DIGITAL_SIGNATURE_ALGORITHM, ItemType.ENUMERATION);
        FIELDS.put(Tag.CRYPTOGRAPHIC_ALGORITHM, ItemType.ENUMERATION);
        FIELDS.put(Tag.RANDOM_IV, ItemType.BOOLEAN);
        FIELDS.put(Tag.IV_LENGTH, ItemType.INTEGER);
        FIELDS.put(Tag.TAG_LENGTH, ItemType.INTEGER);
        FIELDS.put(Tag.FIXED_FIELD_LENGTH, ItemType.INTEGER);
        FIELDS.put(Tag.INVOCATION_FIELD_LENGTH, ItemType.INTEGER);
        FIELDS.put(Tag.COUNTER_LENGTH, ItemType.INTEGER);
        FIELDS.put(Tag.INITIAL_COUNTER_VALUE, ItemType.INTEGER);
        FIELDS.put(Tag.SALT_LENGTH, ItemType.INTEGER);
        FIELDS.put(Tag.MASK_GENERATOR, ItemType.ENUMERATION);
        FIELDS.put(Tag.MASK_GENERATOR_HASHING_ALGORITHM, ItemType.ENUMERATION);
        FIELDS.put(Tag.P_SOURCE, ItemType.BYTE_STRING);
        FIELDS.put(Tag.TRAILER_FIELD, ItemType.INTEGER);
    }

    public CryptographicParameters {
        fields = List.copyOf(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CryptographicParameters decode(FieldReader r) throws KmipMappingException {
        for (Ttlv f : r.structure().children()) {
            ItemType expected = FIELDS.get(f.tag());
            if (expected != null && f.type() != expected) {
                throw KmipMappingException.invalidField(
                        f.tag(),
                        "expected " + expected.encodingName() + " but got "
                                + f.type().encodingName());
            }
            r.optional(f.tag(), Ttlv.class); // rejects a duplicated field
        }
        return new CryptographicParameters(r.structure().children());
    }

    public Optional<EnumCode<BlockCipherMode>> blockCipherMode() {
        return enumField(Tag.BLOCK_CIPHER_MODE, BlockCipherMode.class);
    }

    public Optional<EnumCode<PaddingMethod>> paddingMethod() {
        return enumField(Tag.PADDING_METHOD, PaddingMethod.class);
    }

    public Optional<EnumCode<HashingAlgorithm>> hashingAlgorithm() {
        return enumField(Tag.HASHING_ALGORITHM, HashingAlgorithm.class);
    }

    public Optional<EnumCode<CryptographicAlgorithm>> cryptographicAlgorithm() {
        return enumField(Tag.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class);
    }

    public Optional<EnumCode<MaskGenerator>> maskGenerator() {
        return enumField(Tag.MASK_GENERATOR, MaskGenerator.class);
    }

    public Optional<EnumCode<HashingAlgorithm>> maskGeneratorHashingAlgorithm() {
        return enumField(Tag.MASK_GENERATOR_HASHING_ALGORITHM, HashingAlgorithm.class);
    }

    /** Any field by tag, e.g. Tag.IV_LENGTH. */
    public Optional<Ttlv> field(int tag) {
        return fields.stream().filter(f -> f.tag() == tag).findFirst();
    }

    private <E extends Enum<E> & KmipEnum> Optional<EnumCode<E>> enumField(int tag, Class<E> type) {
        return field(tag).map(f -> EnumCode.of(type, ((Ttlv.Enumeration) f).value()));
    }

    @Override
    public void writeFields(FieldWriter w) {
        w.addAll(fields);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return structureWithTag(tag);
    }

    /** Builds parameters with the fields in the spec's order. */
    public static final class Builder {
        private final List<Ttlv> fields = new ArrayList<>();

        public Builder blockCipherMode(BlockCipherMode v) {
            return set(Ttlv.enumeration(Tag.BLOCK_CIPHER_MODE, v.value()));
        }

        public Builder paddingMethod(PaddingMethod v) {
            return set(Ttlv.enumeration(Tag.PADDING_METHOD, v.value()));
        }

        public Builder hashingAlgorithm(HashingAlgorithm v) {
            return set(Ttlv.enumeration(Tag.HASHING_ALGORITHM, v.value()));
        }

        public Builder cryptographicAlgorithm(CryptographicAlgorithm v) {
            return set(Ttlv.enumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, v.value()));
        }

        public Builder maskGenerator(MaskGenerator v) {
            return set(Ttlv.enumeration(Tag.MASK_GENERATOR, v.value()));
        }

        public Builder maskGeneratorHashingAlgorithm(HashingAlgorithm v) {
            return set(Ttlv.enumeration(Tag.MASK_GENERATOR_HASHING_ALGORITHM, v.value()));
        }

        /** Any field, e.g. Ttlv.integer(Tag.IV_LENGTH, 96); replaces an earlier value of the same tag. */
        public Builder set(Ttlv field) {
            fields.removeIf(f -> f.tag() == field.tag());
            fields.add(field);
            return this;
        }

        public CryptographicParameters build() {
            List<Integer> order = new ArrayList<>(FIELDS.keySet());
            List<Ttlv> sorted = new ArrayList<>(fields);
            sorted.sort(Comparator.comparingInt(f -> order.contains(f.tag()) ? order.indexOf(f.tag()) : order.size()));
            return new CryptographicParameters(sorted);
        }
    }
}
