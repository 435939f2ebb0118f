package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Create Split Key payloads (KMIP 1.4 §4.38, 2.1 §6.1.12). Request: {Object Type, Unique Identifier? (the object to
 * split; absent: the server makes a new one), Split Key Parts, Split Key Threshold, Split Key Method, Prime Field
 * Size?, Template-Attribute (1.x) / Attributes (2.x), Protection Storage Masks (2.x)}. Response: {Unique Identifier
 * (one per part, in Key Part Identifier order), Template-Attribute (1.x only)}.
 */
public final class CreateSplitKey {
    private CreateSplitKey() {}

    public record Request(
            EnumCode<ObjectType> objectType,
            @Nullable UniqueIdentifier uniqueIdentifier,
            int splitKeyParts,
            int splitKeyThreshold,
            EnumCode<SplitKeyMethod> splitKeyMethod,
            @Nullable BigInteger primeFieldSize,
            @Nullable Attributes attributes,
            @Nullable List<Integer> protectionStorageMasks)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(splitKeyMethod, "splitKeyMethod");
        }

        /** Splits the existing object {@code uid}. */
        public static Request of(String uid, ObjectType type, int parts, int threshold, SplitKeyMethod method) {
            return new Request(
                    EnumCode.of(type),
                    UniqueIdentifier.of(uid),
                    parts,
                    threshold,
                    EnumCode.of(method),
                    null,
                    null,
                    null);
        }
    }

    /** @param attributes 1.x Template-Attribute of implicitly set attributes; null when absent */
    public record Response(
            List<String> uniqueIdentifiers, @Nullable Attributes attributes) implements ResponsePayload {
        public Response {
            uniqueIdentifiers = List.copyOf(uniqueIdentifiers);
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.CREATE_SPLIT_KEY,
            Request.class,
            r -> {
                Ttlv.BigInt prime = r.optional(Tag.PRIME_FIELD_SIZE, Ttlv.BigInt.class);
                return new Request(
                        r.enumeration(Tag.OBJECT_TYPE, ObjectType.class),
                        r.optUid(Tag.UNIQUE_IDENTIFIER),
                        r.integer(Tag.SPLIT_KEY_PARTS),
                        r.integer(Tag.SPLIT_KEY_THRESHOLD),
                        r.enumeration(Tag.SPLIT_KEY_METHOD, SplitKeyMethod.class),
                        prime == null ? null : prime.value(),
                        AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES),
                        ProtectionStorageMasks.read(r, Tag.PROTECTION_STORAGE_MASKS));
            },
            (p, w) -> {
                w.enumeration(Tag.OBJECT_TYPE, p.objectType())
                        .uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                        .integer(Tag.SPLIT_KEY_PARTS, p.splitKeyParts())
                        .integer(Tag.SPLIT_KEY_THRESHOLD, p.splitKeyThreshold())
                        .enumeration(Tag.SPLIT_KEY_METHOD, p.splitKeyMethod());
                if (p.primeFieldSize() != null) {
                    w.add(Ttlv.bigInteger(Tag.PRIME_FIELD_SIZE, p.primeFieldSize()));
                }
                AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
                ProtectionStorageMasks.write(w, Tag.PROTECTION_STORAGE_MASKS, p.protectionStorageMasks());
            },
            Response.class,
            r -> new Response(
                    r.texts(Tag.UNIQUE_IDENTIFIER),
                    r.version().isTwoOrLater()
                            ? null
                            : AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES)),
            (p, w) -> {
                w.texts(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifiers());
                if (!w.version().isTwoOrLater()) {
                    AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
                }
            });
}
