package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Re-key payloads (KMIP 1.4 §4.4, 2.1 §6.1.42). Request {Unique Identifier?, Offset?, Template-Attribute (1.x) /
 * Attributes (2.x), Protection Storage Masks (2.x)} → response {Unique Identifier, Template-Attribute (1.x only)}.
 */
public final class ReKey {
    private ReKey() {}

    /** @param offsetSeconds Offset interval, or null; attributes null when absent */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable Long offsetSeconds,
            @Nullable Attributes attributes,
            @Nullable List<Integer> protectionStorageMasks)
            implements RequestPayload {}

    public record Response(
            String uniqueIdentifier, @Nullable Attributes attributes) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.RE_KEY,
            Request.class,
            r -> new Request(
                    r.optUid(Tag.UNIQUE_IDENTIFIER),
                    r.optInterval(Tag.OFFSET),
                    AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES),
                    ProtectionStorageMasks.read(r, Tag.PROTECTION_STORAGE_MASKS)),
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()).interval(Tag.OFFSET, p.offsetSeconds());
                AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
                ProtectionStorageMasks.write(w, Tag.PROTECTION_STORAGE_MASKS, p.protectionStorageMasks());
            },
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER), AttributeContainers.readResponseTemplate(r)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeResponseTemplate(w, p.attributes());
            });
}
