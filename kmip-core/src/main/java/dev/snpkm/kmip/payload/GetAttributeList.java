package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Get Attribute List payloads (KMIP 1.4 §4.13, 2.1 §6.1.21): request {Unique Identifier?} → response {Unique
 * Identifier, Attribute Name* (1.x) / Attribute Reference* (2.x)}.
 */
public final class GetAttributeList {
    private GetAttributeList() {}

    public record Request(@Nullable UniqueIdentifier uniqueIdentifier) implements RequestPayload {}

    public record Response(String uniqueIdentifier, List<String> attributeNames) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
            attributeNames = List.copyOf(attributeNames);
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.GET_ATTRIBUTE_LIST,
            Request.class,
            r -> new Request(r.optUid(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()),
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER), AttributeContainers.readReferences(r)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeReferences(w, p.attributeNames());
            });
}
