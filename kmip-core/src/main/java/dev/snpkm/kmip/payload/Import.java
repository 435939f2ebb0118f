package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyWrapType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.object.ManagedObjectCodec;
import dev.snpkm.kmip.tags.Tag;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Import payloads (KMIP 1.4 §4 "Import", 2.1 §6.1 "Import"): request {Unique Identifier, Object Type, Replace
 * Existing?, Key Wrap Type?, Attributes (1.x Template-Attribute), object} → response {Unique Identifier}. The client
 * names the Unique Identifier; Replace Existing true replaces an object that already has it.
 */
public final class Import {
    private Import() {}

    /** @param attributes never null: an absent Attributes/Template-Attribute reads as none */
    public record Request(
            String uniqueIdentifier,
            EnumCode<ObjectType> objectType,
            @Nullable Boolean replaceExisting,
            @Nullable EnumCode<KeyWrapType> keyWrapType,
            Attributes attributes,
            ManagedObject object)
            implements RequestPayload {
        public Request(
                String uniqueIdentifier,
                EnumCode<ObjectType> objectType,
                @Nullable Boolean replaceExisting,
                @Nullable EnumCode<KeyWrapType> keyWrapType,
                @Nullable Attributes attributes,
                ManagedObject object) {
            this.uniqueIdentifier = Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
            this.objectType = Objects.requireNonNull(objectType, "objectType");
            this.replaceExisting = replaceExisting;
            this.keyWrapType = keyWrapType;
            this.attributes = attributes == null ? Attributes.EMPTY : attributes;
            this.object = Objects.requireNonNull(object, "object");
        }

        public static Request of(String uid, ManagedObject object, Attributes attributes, boolean replace) {
            return new Request(uid, EnumCode.of(object.objectType()), replace, null, attributes, object);
        }
    }

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.IMPORT,
            Request.class,
            Import::readRequest,
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                        .enumeration(Tag.OBJECT_TYPE, p.objectType())
                        .bool(Tag.REPLACE_EXISTING, p.replaceExisting())
                        .enumeration(Tag.KEY_WRAP_TYPE, p.keyWrapType());
                AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
                ManagedObjectCodec.write(w, p.object());
            },
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        String uid = r.text(Tag.UNIQUE_IDENTIFIER);
        EnumCode<ObjectType> type = r.enumeration(Tag.OBJECT_TYPE, ObjectType.class);
        Boolean replace = r.optBoolean(Tag.REPLACE_EXISTING);
        EnumCode<KeyWrapType> wrapType = r.optEnumeration(Tag.KEY_WRAP_TYPE, KeyWrapType.class);
        Attributes attributes = AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
        return new Request(uid, type, replace, wrapType, attributes, ManagedObjectCodec.require(r, type));
    }
}
