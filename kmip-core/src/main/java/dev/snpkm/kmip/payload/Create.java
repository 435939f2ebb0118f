package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Create payloads (KMIP 1.4 §4.1, 2.1 §6.1.7). Request: 1.x {Object Type, Template-Attribute}, 2.x {Object Type,
 * Attributes, Protection Storage Masks}. Response: {Object Type, Unique Identifier, Template-Attribute (1.x only: the
 * attributes the server set implicitly)}.
 */
public final class Create {
    private Create() {}

    /**
     * @param attributes never null: an absent Template-Attribute/Attributes (a null argument) reads as none
     * @param protectionStorageMasks 2.x only; null when absent
     */
    public record Request(
            EnumCode<ObjectType> objectType,
            Attributes attributes,
            @Nullable List<Integer> protectionStorageMasks) implements RequestPayload {
        public Request(
                EnumCode<ObjectType> objectType,
                @Nullable Attributes attributes,
                @Nullable List<Integer> protectionStorageMasks) {
            this.objectType = Objects.requireNonNull(objectType, "objectType");
            this.attributes = attributes == null ? Attributes.EMPTY : attributes;
            this.protectionStorageMasks = protectionStorageMasks;
        }

        public static Request of(ObjectType type, Attributes attributes) {
            return new Request(EnumCode.of(type), attributes, null);
        }
    }

    /** @param attributes 1.x Template-Attribute of implicitly set attributes; null when absent */
    public record Response(
            EnumCode<ObjectType> objectType,
            String uniqueIdentifier,
            @Nullable Attributes attributes) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.CREATE,
            Request.class,
            r -> new Request(
                    r.enumeration(Tag.OBJECT_TYPE, ObjectType.class),
                    AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES),
                    ProtectionStorageMasks.read(r, Tag.PROTECTION_STORAGE_MASKS)),
            (p, w) -> {
                w.enumeration(Tag.OBJECT_TYPE, p.objectType());
                AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
                ProtectionStorageMasks.write(w, Tag.PROTECTION_STORAGE_MASKS, p.protectionStorageMasks());
            },
            Response.class,
            r -> new Response(
                    r.enumeration(Tag.OBJECT_TYPE, ObjectType.class),
                    r.text(Tag.UNIQUE_IDENTIFIER),
                    AttributeContainers.readResponseTemplate(r)),
            (p, w) -> {
                w.enumeration(Tag.OBJECT_TYPE, p.objectType()).text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeResponseTemplate(w, p.attributes());
            });
}
