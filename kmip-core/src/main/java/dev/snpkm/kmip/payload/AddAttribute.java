package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Add Attribute payloads (KMIP 1.4 §4.14, 2.1 §6.1.2). Request {Unique Identifier?, Attribute (1.x) / New Attribute
 * (2.x)} → response {Unique Identifier, Attribute (1.x only: the added instance with its index)}.
 */
public final class AddAttribute {
    private AddAttribute() {}

    public record Request(@Nullable UniqueIdentifier uniqueIdentifier, Attribute attribute) implements RequestPayload {
        public Request {
            Objects.requireNonNull(attribute, "attribute");
        }
    }

    /** @param attribute 1.x only; null in 2.x */
    public record Response(
            String uniqueIdentifier, @Nullable Attribute attribute) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.ADD_ATTRIBUTE,
            Request.class,
            r -> new Request(r.optUid(Tag.UNIQUE_IDENTIFIER), required(r, Tag.NEW_ATTRIBUTE)),
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeSingle(w, p.attribute(), Tag.NEW_ATTRIBUTE);
            },
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER), AttributeContainers.readSingle(r, Tag.NEW_ATTRIBUTE)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                if (!w.version().isTwoOrLater()) {
                    AttributeContainers.writeSingle(w, p.attribute(), Tag.NEW_ATTRIBUTE);
                }
            });

    /** The single attribute (1.x Attribute, 2.x the wrapper), which must be present. */
    static Attribute required(FieldReader r, int v2WrapperTag) throws KmipMappingException {
        Attribute a = AttributeContainers.readSingle(r, v2WrapperTag);
        if (a == null) {
            throw KmipMappingException.missing(r.version().isTwoOrLater() ? v2WrapperTag : Tag.ATTRIBUTE, r.tag());
        }
        return a;
    }
}
