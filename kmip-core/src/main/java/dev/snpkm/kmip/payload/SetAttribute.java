package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Set Attribute payloads (KMIP 2.0+, 2.1 §6.1.50): request {Unique Identifier?, New Attribute} → response {Unique
 * Identifier}. Creates the attribute if absent, modifies it if single-instance.
 */
public final class SetAttribute {
    private SetAttribute() {}

    public record Request(@Nullable UniqueIdentifier uniqueIdentifier, Attribute newAttribute)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(newAttribute, "newAttribute");
        }
    }

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.SET_ATTRIBUTE,
            Request.class,
            r -> new Request(r.optUid(Tag.UNIQUE_IDENTIFIER), AddAttribute.required(r, Tag.NEW_ATTRIBUTE)),
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeSingle(w, p.newAttribute(), Tag.NEW_ATTRIBUTE);
            },
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()));
}
