package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Join Split Key payloads (KMIP 1.4 §4.39, 2.1 §6.1.31). Request: {Object Type (of the object to make), Unique
 * Identifier (one per part, at least Split Key Threshold of them), Secret Data Type?, Template-Attribute (1.x) /
 * Attributes (2.x), Protection Storage Masks (2.x)}. Response: {Unique Identifier, Template-Attribute (1.x only)}.
 */
public final class JoinSplitKey {
    private JoinSplitKey() {}

    public record Request(
            EnumCode<ObjectType> objectType,
            List<UniqueIdentifier> uniqueIdentifiers,
            @Nullable EnumCode<SecretDataType> secretDataType,
            @Nullable Attributes attributes,
            @Nullable List<Integer> protectionStorageMasks)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(objectType, "objectType");
            uniqueIdentifiers = List.copyOf(uniqueIdentifiers);
        }

        public static Request of(ObjectType type, List<String> parts) {
            return new Request(
                    EnumCode.of(type),
                    parts.stream().<UniqueIdentifier>map(UniqueIdentifier::of).toList(),
                    null,
                    null,
                    null);
        }
    }

    /** @param attributes 1.x Template-Attribute of implicitly set attributes; null when absent */
    public record Response(
            String uniqueIdentifier, @Nullable Attributes attributes) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.JOIN_SPLIT_KEY,
            Request.class,
            r -> new Request(
                    r.enumeration(Tag.OBJECT_TYPE, ObjectType.class),
                    r.uids(Tag.UNIQUE_IDENTIFIER),
                    r.optEnumeration(Tag.SECRET_DATA_TYPE, SecretDataType.class),
                    AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES),
                    ProtectionStorageMasks.read(r, Tag.PROTECTION_STORAGE_MASKS)),
            (p, w) -> {
                w.enumeration(Tag.OBJECT_TYPE, p.objectType());
                for (UniqueIdentifier uid : p.uniqueIdentifiers()) {
                    w.uid(Tag.UNIQUE_IDENTIFIER, uid);
                }
                w.enumeration(Tag.SECRET_DATA_TYPE, p.secretDataType());
                AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
                ProtectionStorageMasks.write(w, Tag.PROTECTION_STORAGE_MASKS, p.protectionStorageMasks());
            },
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER), AttributeContainers.readResponseTemplate(r)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeResponseTemplate(w, p.attributes());
            });
}
