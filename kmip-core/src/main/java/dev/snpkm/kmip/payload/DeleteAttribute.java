package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Delete Attribute payloads (KMIP 1.4 §4.16, 2.1 §6.1.14). Request 1.x {Unique Identifier?, Attribute Name, Attribute
 * Index?}, 2.x {Unique Identifier?, Current Attribute? | Attribute Reference?} → response {Unique Identifier,
 * Attribute (1.x only: the deleted instance)}.
 *
 */
public final class DeleteAttribute {
    private DeleteAttribute() {}

    /**
     * @param currentAttribute 2.x: the exact instance to delete, or null
     * @param attributeName 1.x Attribute Name / 2.x Attribute Reference, or null
     * @param attributeIndex 1.x only, or null
     */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable Attribute currentAttribute,
            @Nullable String attributeName,
            @Nullable Integer attributeIndex)
            implements RequestPayload {}

    public record Response(
            String uniqueIdentifier, @Nullable Attribute attribute) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.DELETE_ATTRIBUTE,
            Request.class,
            DeleteAttribute::readRequest,
            DeleteAttribute::writeRequest,
            Response.class,
            r -> new Response(
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    r.version().isTwoOrLater() ? null : AttributeContainers.readSingle(r, Tag.CURRENT_ATTRIBUTE)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                if (!w.version().isTwoOrLater()) {
                    AttributeContainers.writeSingle(w, p.attribute(), Tag.CURRENT_ATTRIBUTE);
                }
            });

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        UniqueIdentifier uid = r.optUid(Tag.UNIQUE_IDENTIFIER);
        if (!r.version().isTwoOrLater()) {
            return new Request(uid, null, r.text(Tag.ATTRIBUTE_NAME), r.optInteger(Tag.ATTRIBUTE_INDEX));
        }
        Attribute current = AttributeContainers.readSingle(r, Tag.CURRENT_ATTRIBUTE);
        r.optional(Tag.ATTRIBUTE_REFERENCE, dev.snpkm.kmip.ttlv.Ttlv.class); // at most one
        List<String> refs = AttributeContainers.readReferences(r);
        return new Request(uid, current, refs.isEmpty() ? null : refs.get(0), null);
    }

    private static void writeRequest(Request p, FieldWriter w) {
        w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
        if (!w.version().isTwoOrLater()) {
            w.text(Tag.ATTRIBUTE_NAME, p.attributeName()).integer(Tag.ATTRIBUTE_INDEX, p.attributeIndex());
            return;
        }
        AttributeContainers.writeSingle(w, p.currentAttribute(), Tag.CURRENT_ATTRIBUTE);
        if (p.attributeName() != null) {
            AttributeContainers.writeReferences(w, List.of(p.attributeName()));
        }
    }
}
