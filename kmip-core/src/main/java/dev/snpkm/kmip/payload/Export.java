package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.object.ManagedObjectCodec;
import dev.snpkm.kmip.tags.Tag;
import java.util.Objects;

/**
 * Export payloads (KMIP 1.4 §4 "Export", 2.1 §6.1 "Export"). The request is Get's {Unique Identifier?, Key Format
 * Type?, Key Wrap Type?, Key Compression Type?, Key Wrapping Specification?}, with the same meaning; the response
 * carries the object together with its attributes: {Object Type, Unique Identifier, Attributes (1.x
 * Template-Attribute), object}.
 */
public final class Export {
    private Export() {}

    /** @param get the same fields as a Get request, with the same meaning */
    public record Request(Get.Request get) implements RequestPayload {
        public Request {
            Objects.requireNonNull(get, "get");
        }

        public static Request of(String uid) {
            return new Request(Get.Request.of(uid));
        }
    }

    public record Response(
            EnumCode<ObjectType> objectType, String uniqueIdentifier, Attributes attributes, ManagedObject object)
            implements ResponsePayload {
        public Response {
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
            Objects.requireNonNull(attributes, "attributes");
            Objects.requireNonNull(object, "object");
        }

        /** Zeroes the exported object's key material (plain or wrapped). */
        @Override
        public void destroy() {
            object.destroy();
        }

        @Override
        public boolean holdsKeyMaterial() {
            return true;
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.EXPORT,
            Request.class,
            r -> new Request(Get.MAPPING.requestDecoder().decode(r)),
            (p, w) -> Get.MAPPING.requestEncoder().encode(p.get(), w),
            Response.class,
            Export::readResponse,
            (p, w) -> {
                w.enumeration(Tag.OBJECT_TYPE, p.objectType()).text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
                ManagedObjectCodec.write(w, p.object());
            });

    private static Response readResponse(FieldReader r) throws KmipMappingException {
        EnumCode<ObjectType> type = r.enumeration(Tag.OBJECT_TYPE, ObjectType.class);
        String uid = r.text(Tag.UNIQUE_IDENTIFIER);
        Attributes attributes = Objects.requireNonNullElse(
                AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES), Attributes.EMPTY);
        return new Response(type, uid, attributes, ManagedObjectCodec.require(r, type));
    }
}
