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
 * Get Attributes payloads (KMIP 1.4 §4.12, 2.1 §6.1.22). Request {Unique Identifier?, Attribute Name* (1.x) /
 * Attribute Reference* (2.x)}; no names means all attributes. Response {Unique Identifier, Attribute* (1.x) /
 * Attributes (2.x)}.
 */
public final class GetAttributes {
    private GetAttributes() {}

    /** @param attributeNames spec names or vendor names ("x-foo"); empty means all */
    public record Request(@Nullable UniqueIdentifier uniqueIdentifier, List<String> attributeNames)
            implements RequestPayload {
        public Request {
            attributeNames = List.copyOf(attributeNames);
        }
    }

    public record Response(String uniqueIdentifier, Attributes attributes) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.GET_ATTRIBUTES,
            Request.class,
            r -> new Request(r.optUid(Tag.UNIQUE_IDENTIFIER), AttributeContainers.readReferences(r)),
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeReferences(w, p.attributeNames());
            },
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    Objects.requireNonNullElse(AttributeContainers.readInline(r, Tag.ATTRIBUTES), Attributes.EMPTY)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeInline(w, p.attributes(), Tag.ATTRIBUTES);
            });
}
