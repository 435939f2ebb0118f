package dev.snpkm.kmip.object;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Encryption Key Information / MAC/Signature Key Information (KMIP 1.4 §2.1.5): {Unique Identifier, Cryptographic
 * Parameters (optional)}. The identifier may be an ID Placeholder reference (our attested Get names the VM's
 * just-registered public key this way, docs/ARCHITECTURE.md "The attested release").
 */
public record KeyInformation(
        UniqueIdentifier uniqueIdentifier, @Nullable CryptographicParameters parameters) {
    public KeyInformation {
        Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
    }

    static @Nullable KeyInformation read(FieldReader r, int tag) throws KmipMappingException {
        FieldReader k = r.optStruct(tag);
        if (k == null) {
            return null;
        }
        FieldReader p = k.optStruct(Tag.CRYPTOGRAPHIC_PARAMETERS);
        return new KeyInformation(k.uid(Tag.UNIQUE_IDENTIFIER), p == null ? null : CryptographicParameters.decode(p));
    }

    static @Nullable Ttlv write(@Nullable KeyInformation k, int tag) {
        if (k == null) {
            return null;
        }
        FieldWriter w = new FieldWriter(null).uid(Tag.UNIQUE_IDENTIFIER, k.uniqueIdentifier);
        if (k.parameters != null) {
            w.add(k.parameters.toTtlv(Tag.CRYPTOGRAPHIC_PARAMETERS));
        }
        return w.toStructure(tag);
    }
}
