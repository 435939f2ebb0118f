package dev.snpkm.kmip.object;

import dev.snpkm.kmip.enums.EncodingOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Key Wrapping Specification (KMIP 1.4 §2.1.6) in a Get/Export request: {Wrapping Method, Encryption Key
 * Information, MAC/Signature Key Information, Attribute Name*, Encoding Option}.
 */
public record KeyWrappingSpecification(
        EnumCode<WrappingMethod> wrappingMethod,
        @Nullable KeyInformation encryptionKey,
        @Nullable KeyInformation macSignatureKey,
        List<String> attributeNames,
        @Nullable EnumCode<EncodingOption> encodingOption) {
    public KeyWrappingSpecification {
        Objects.requireNonNull(wrappingMethod, "wrappingMethod");
        attributeNames = List.copyOf(attributeNames);
    }

    public static @Nullable KeyWrappingSpecification read(FieldReader r) throws KmipMappingException {
        FieldReader s = r.optStruct(Tag.KEY_WRAPPING_SPECIFICATION);
        if (s == null) {
            return null;
        }
        return new KeyWrappingSpecification(
                s.enumeration(Tag.WRAPPING_METHOD, WrappingMethod.class),
                KeyInformation.read(s, Tag.ENCRYPTION_KEY_INFORMATION),
                KeyInformation.read(s, Tag.MAC_SIGNATURE_KEY_INFORMATION),
                s.texts(Tag.ATTRIBUTE_NAME),
                s.optEnumeration(Tag.ENCODING_OPTION, EncodingOption.class));
    }

    public static void write(FieldWriter w, @Nullable KeyWrappingSpecification s) {
        if (s == null) {
            return;
        }
        w.add(new FieldWriter(w.version())
                .enumeration(Tag.WRAPPING_METHOD, s.wrappingMethod)
                .add(KeyInformation.write(s.encryptionKey, Tag.ENCRYPTION_KEY_INFORMATION))
                .add(KeyInformation.write(s.macSignatureKey, Tag.MAC_SIGNATURE_KEY_INFORMATION))
                .texts(Tag.ATTRIBUTE_NAME, s.attributeNames)
                .enumeration(Tag.ENCODING_OPTION, s.encodingOption)
                .toStructure(Tag.KEY_WRAPPING_SPECIFICATION));
    }
}
