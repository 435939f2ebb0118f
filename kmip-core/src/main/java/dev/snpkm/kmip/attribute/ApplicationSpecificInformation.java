package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Application Specific Information (KMIP 1.4 §3.36, 2.1 §4.3): {Application Namespace, Application Data}. Data may be
 * null when the client asks the server to generate it.
 */
public record ApplicationSpecificInformation(
        String namespace, @Nullable String data) implements AttributeValue, AttributeValue.Structured {
    public ApplicationSpecificInformation {
        Objects.requireNonNull(namespace, "namespace");
    }

    static ApplicationSpecificInformation decode(FieldReader r) throws KmipMappingException {
        return new ApplicationSpecificInformation(r.text(Tag.APPLICATION_NAMESPACE), r.optText(Tag.APPLICATION_DATA));
    }

    @Override
    public void writeFields(FieldWriter w) {
        w.text(Tag.APPLICATION_NAMESPACE, namespace).text(Tag.APPLICATION_DATA, data);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return structureWithTag(tag);
    }
}
