package dev.snpkm.kmip.object;

import dev.snpkm.kmip.enums.EncodingOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Key Wrapping Data (KMIP 1.4 §2.1.5): how a Key Block's Key Value was wrapped. Equals the request's Key
 * Wrapping Specification minus its Attribute Names.
 */
public record KeyWrappingData(
        EnumCode<WrappingMethod> wrappingMethod,
        @Nullable KeyInformation encryptionKey,
        @Nullable KeyInformation macSignatureKey,
        @Nullable Bytes macSignature,
        @Nullable Bytes ivCounterNonce,
        @Nullable EnumCode<EncodingOption> encodingOption) {
    public KeyWrappingData {
        Objects.requireNonNull(wrappingMethod, "wrappingMethod");
    }

    static @Nullable KeyWrappingData read(FieldReader r) throws KmipMappingException {
        FieldReader d = r.optStruct(Tag.KEY_WRAPPING_DATA);
        if (d == null) {
            return null;
        }
        return new KeyWrappingData(
                d.enumeration(Tag.WRAPPING_METHOD, WrappingMethod.class),
                KeyInformation.read(d, Tag.ENCRYPTION_KEY_INFORMATION),
                KeyInformation.read(d, Tag.MAC_SIGNATURE_KEY_INFORMATION),
                d.optBytes(Tag.MAC_SIGNATURE),
                d.optBytes(Tag.IV_COUNTER_NONCE),
                d.optEnumeration(Tag.ENCODING_OPTION, EncodingOption.class));
    }

    Ttlv toTtlv() {
        return new FieldWriter(null)
                .enumeration(Tag.WRAPPING_METHOD, wrappingMethod)
                .add(KeyInformation.write(encryptionKey, Tag.ENCRYPTION_KEY_INFORMATION))
                .add(KeyInformation.write(macSignatureKey, Tag.MAC_SIGNATURE_KEY_INFORMATION))
                .bytes(Tag.MAC_SIGNATURE, macSignature)
                .bytes(Tag.IV_COUNTER_NONCE, ivCounterNonce)
                .enumeration(Tag.ENCODING_OPTION, encodingOption)
                .toStructure(Tag.KEY_WRAPPING_DATA);
    }
}
