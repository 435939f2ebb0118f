package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.enums.AdjustmentType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Adjust Attribute payloads (KMIP 2.0+, 2.1 §6.1 "Adjust Attribute"): request {Unique Identifier?, Attribute
 * Reference, Adjustment Type, Adjustment Value?} → response {Unique Identifier}. The Adjustment Value's type varies
 * with the attribute (a number, or an Interval for a date), so it is kept as the item sent.
 */
public final class AdjustAttribute {
    private AdjustAttribute() {}

    /**
     * @param attributeName the referenced attribute's spec name, or a vendor name ("x-foo")
     * @param adjustmentValue the value to add or subtract; null for Negate, or when the client sent none
     */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            String attributeName,
            EnumCode<AdjustmentType> adjustmentType,
            @Nullable Ttlv adjustmentValue)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(attributeName, "attributeName");
            Objects.requireNonNull(adjustmentType, "adjustmentType");
        }
    }

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.ADJUST_ATTRIBUTE,
            Request.class,
            AdjustAttribute::readRequest,
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeReferences(w, List.of(p.attributeName()));
                w.enumeration(Tag.ADJUSTMENT_TYPE, p.adjustmentType()).add(p.adjustmentValue());
            },
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        UniqueIdentifier uid = r.optUid(Tag.UNIQUE_IDENTIFIER);
        List<String> refs = AttributeContainers.readReferences(r);
        if (refs.size() != 1) {
            throw refs.isEmpty()
                    ? KmipMappingException.missing(Tag.ATTRIBUTE_REFERENCE, r.tag())
                    : KmipMappingException.duplicate(Tag.ATTRIBUTE_REFERENCE, r.tag());
        }
        return new Request(
                uid,
                refs.get(0),
                r.enumeration(Tag.ADJUSTMENT_TYPE, AdjustmentType.class),
                r.optional(Tag.ADJUSTMENT_VALUE, Ttlv.class));
    }
}
