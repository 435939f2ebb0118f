package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Bytes;
import org.jspecify.annotations.Nullable;

/** Fields the cryptographic service payloads share, read and written one way. */
final class ServiceFields {
    private ServiceFields() {}

    static @Nullable CryptographicParameters parameters(FieldReader r) throws KmipMappingException {
        FieldReader p = r.optStruct(Tag.CRYPTOGRAPHIC_PARAMETERS);
        return p == null ? null : CryptographicParameters.decode(p);
    }

    static void parameters(FieldWriter w, @Nullable CryptographicParameters p) {
        if (p != null) {
            w.add(p.toTtlv(Tag.CRYPTOGRAPHIC_PARAMETERS));
        }
    }

    /** A field KMIP 1.4 added (Authenticated Encryption fields, Digested Data); absent from older requests. */
    static @Nullable Bytes optBytesSince14(FieldReader r, int tag) throws KmipMappingException {
        return r.version().isAtLeast(KmipVersion.V1_4) ? r.optBytes(tag) : null;
    }
}
