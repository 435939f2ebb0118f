package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.object.ManagedObjectCodec;
import dev.snpkm.kmip.tags.Tag;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Register payloads (KMIP 1.4 §4.3, 2.1 §6.1.41). Request: 1.x {Object Type, Template-Attribute, object}, 2.x {Object
 * Type, Attributes, object, Protection Storage Masks}. Response: {Unique Identifier, Template-Attribute (1.x only)}.
 */
public final class Register {
    private Register() {}

    /** @param attributes never null: an absent Template-Attribute/Attributes (a null argument) reads as none */
    public record Request(
            EnumCode<ObjectType> objectType,
            Attributes attributes,
            ManagedObject object,
            @Nullable List<Integer> protectionStorageMasks)
            implements RequestPayload {
        public Request(
                EnumCode<ObjectType> objectType,
                @Nullable Attributes attributes,
                ManagedObject object,
                @Nullable List<Integer> protectionStorageMasks) {
            this.objectType = Objects.requireNonNull(objectType, "objectType");
            this.attributes = attributes == null ? Attributes.EMPTY : attributes;
            this.object = Objects.requireNonNull(object, "object");
            this.protectionStorageMasks = protectionStorageMasks;
        }

        public static Request of(ManagedObject object, Attributes attributes) {
            return new Request(EnumCode.of(object.objectType()), attributes, object, null);
        }
    }

    public record Response(
            String uniqueIdentifier, @Nullable Attributes attributes) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.REGISTER,
            Request.class,
            Register::readRequest,
            Register::writeRequest,
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER), AttributeContainers.readResponseTemplate(r)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeResponseTemplate(w, p.attributes());
            });

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        EnumCode<ObjectType> type = r.enumeration(Tag.OBJECT_TYPE, ObjectType.class);
        Attributes attributes = AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
        ManagedObject object = ManagedObjectCodec.require(r, type);
        return new Request(type, attributes, object, ProtectionStorageMasks.read(r, Tag.PROTECTION_STORAGE_MASKS));
    }

    private static void writeRequest(Request p, FieldWriter w) {
        w.enumeration(Tag.OBJECT_TYPE, p.objectType());
        AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
        ManagedObjectCodec.write(w, p.object());
        ProtectionStorageMasks.write(w, Tag.PROTECTION_STORAGE_MASKS, p.protectionStorageMasks());
    }
}
