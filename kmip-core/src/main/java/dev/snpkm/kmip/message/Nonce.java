package dev.snpkm.kmip.message;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import java.util.Objects;

/**
 * Nonce (KMIP 1.4 §2.1.14, 2.1 §9.14): the server's random challenge, sent in the response header with Attestation
 * Required and echoed inside the client's Attestation credential. {@code toString()} shows the id, never the value.
 */
public record Nonce(Bytes id, Bytes value) {
    public Nonce {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
    }

    static Nonce decode(FieldReader r) throws KmipMappingException {
        return new Nonce(r.bytes(Tag.NONCE_ID), r.bytes(Tag.NONCE_VALUE));
    }

    @Override
    public String toString() {
        // The value is what REPORT_DATA binds; keep it out of logs and exception texts (headers, credentials).
        return "Nonce[id=" + id.hex() + ", value=(" + value.length() + " bytes)]";
    }

    Ttlv toTtlv() {
        return new FieldWriter(null)
                .bytes(Tag.NONCE_ID, id)
                .bytes(Tag.NONCE_VALUE, value)
                .toStructure(Tag.NONCE);
    }
}
