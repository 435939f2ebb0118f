package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectGroupMember;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Locate payloads (KMIP 1.4 §4.9, 2.1 §6.1.27). Request {Maximum Items?, Offset Items?, Storage Status Mask?, Object
 * Group Member?, Attribute* (1.x) / Attributes (2.x)} → response {Located Items?, Unique Identifier*}.
 */
public final class Locate {
    private Locate() {}

    /**
     * @param storageStatusMask bits of StorageStatusMask, or null
     * @param attributes the filters, never null: absent (a null argument) reads as none
     */
    public record Request(
            @Nullable Integer maximumItems,
            @Nullable Integer offsetItems,
            @Nullable Integer storageStatusMask,
            @Nullable EnumCode<ObjectGroupMember> objectGroupMember,
            Attributes attributes)
            implements RequestPayload {
        public Request(
                @Nullable Integer maximumItems,
                @Nullable Integer offsetItems,
                @Nullable Integer storageStatusMask,
                @Nullable EnumCode<ObjectGroupMember> objectGroupMember,
                @Nullable Attributes attributes) {
            this.maximumItems = maximumItems;
            this.offsetItems = offsetItems;
            this.storageStatusMask = storageStatusMask;
            this.objectGroupMember = objectGroupMember;
            this.attributes = attributes == null ? Attributes.EMPTY : attributes;
        }

        public static Request of(Attributes attributes) {
            return new Request(null, null, null, null, attributes);
        }
    }

    public record Response(@Nullable Integer locatedItems, List<String> uniqueIdentifiers) implements ResponsePayload {
        public Response {
            uniqueIdentifiers = List.copyOf(uniqueIdentifiers);
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.LOCATE,
            Request.class,
            r -> new Request(
                    r.optInteger(Tag.MAXIMUM_ITEMS),
                    r.optInteger(Tag.OFFSET_ITEMS),
                    r.optInteger(Tag.STORAGE_STATUS_MASK),
                    r.optEnumeration(Tag.OBJECT_GROUP_MEMBER, ObjectGroupMember.class),
                    AttributeContainers.readInline(r, Tag.ATTRIBUTES)),
            (p, w) -> {
                w.integer(Tag.MAXIMUM_ITEMS, p.maximumItems())
                        .integer(Tag.OFFSET_ITEMS, p.offsetItems())
                        .integer(Tag.STORAGE_STATUS_MASK, p.storageStatusMask())
                        .enumeration(Tag.OBJECT_GROUP_MEMBER, p.objectGroupMember());
                AttributeContainers.writeInline(w, p.attributes(), Tag.ATTRIBUTES);
            },
            Response.class,
            r -> new Response(r.optInteger(Tag.LOCATED_ITEMS), r.texts(Tag.UNIQUE_IDENTIFIER)),
            (p, w) ->
                    w.integer(Tag.LOCATED_ITEMS, p.locatedItems()).texts(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifiers()));
}
