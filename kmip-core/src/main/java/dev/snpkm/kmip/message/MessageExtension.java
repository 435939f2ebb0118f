package dev.snpkm.kmip.message;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;

/**
 * Message Extension (KMIP 1.4 §6.16, 2.1 §9.13): {Vendor Identification, Criticality Indicator, Vendor Extension}. A
 * receiver that does not understand a critical one rejects the message with Feature Not Supported.
 */
public record MessageExtension(String vendorIdentification, boolean critical, Ttlv.Structure vendorExtension) {
    public MessageExtension {
        Objects.requireNonNull(vendorIdentification, "vendorIdentification");
        Objects.requireNonNull(vendorExtension, "vendorExtension");
    }

    static MessageExtension decode(FieldReader r) throws KmipMappingException {
        Boolean critical = r.optBoolean(Tag.CRITICALITY_INDICATOR);
        if (critical == null) {
            throw KmipMappingException.missing(Tag.CRITICALITY_INDICATOR, Tag.MESSAGE_EXTENSION);
        }
        return new MessageExtension(
                r.text(Tag.VENDOR_IDENTIFICATION), critical, r.required(Tag.VENDOR_EXTENSION, Ttlv.Structure.class));
    }

    Ttlv toTtlv() {
        return new FieldWriter(null)
                .text(Tag.VENDOR_IDENTIFICATION, vendorIdentification)
                .bool(Tag.CRITICALITY_INDICATOR, critical)
                .add(vendorExtension)
                .toStructure(Tag.MESSAGE_EXTENSION);
    }
}
