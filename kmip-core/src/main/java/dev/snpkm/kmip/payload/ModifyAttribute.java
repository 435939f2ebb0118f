package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Modify Attribute payloads (KMIP 1.4 §4.15, 2.1 §6.1.31). Request 1.x {Unique Identifier?, Attribute (its index
 * selects the instance)}, 2.x {Unique Identifier?, Current Attribute?, New Attribute} → response {Unique Identifier,
 * Attribute (1.x only)}.
 */
public final class ModifyAttribute {
    private ModifyAttribute() {}

    /** @param currentAttribute 2.x only: the instance to change; null when absent */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable Attribute currentAttribute,
            Attribute newAttribute) implements RequestPayload {
        public Request {
            Objects.requireNonNull(newAttribute, "newAttribute");
        }
    }

    public record Response(
            String uniqueIdentifier, @Nullable Attribute attribute) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.MODIFY_ATTRIBUTE,
            Request.class,
            r -> new Request(
                    r.optUid(Tag.UNIQUE_IDENTIFIER),
                    r.version().isTwoOrLater() ? AttributeContainers.readSingle(r, Tag.CURRENT_ATTRIBUTE) : null,
                    AddAttribute.required(r, Tag.NEW_ATTRIBUTE)),
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                if (w.version().isTwoOrLater()) {
                    AttributeContainers.writeSingle(w, p.currentAttribute(), Tag.CURRENT_ATTRIBUTE);
                }
                AttributeContainers.writeSingle(w, p.newAttribute(), Tag.NEW_ATTRIBUTE);
            },
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    r.version().isTwoOrLater() ? null : AttributeContainers.readSingle(r, Tag.NEW_ATTRIBUTE)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                if (!w.version().isTwoOrLater()) {
                    AttributeContainers.writeSingle(w, p.attribute(), Tag.NEW_ATTRIBUTE);
                }
            });
}
