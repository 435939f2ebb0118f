package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Create Key Pair payloads (KMIP 1.4 §4.2, 2.1 §6.1.8). Request: 1.x {Common/Private Key/Public Key
 * Template-Attribute}, 2.x {Common/Private Key/Public Key Attributes, Common/Private/Public Protection Storage Masks}.
 * Response: {Private Key UID, Public Key UID, Private/Public Key Template-Attribute (1.x only)}.
 */
public final class CreateKeyPair {
    private CreateKeyPair() {}

    /** Attribute sets are null when absent; the mask lists are 2.x only. */
    public record Request(
            @Nullable Attributes common,
            @Nullable Attributes privateKey,
            @Nullable Attributes publicKey,
            @Nullable List<Integer> commonMasks,
            @Nullable List<Integer> privateMasks,
            @Nullable List<Integer> publicMasks)
            implements RequestPayload {
        public static Request of(Attributes common, Attributes privateKey, Attributes publicKey) {
            return new Request(common, privateKey, publicKey, null, null, null);
        }
    }

    public record Response(
            String privateKeyUniqueIdentifier,
            String publicKeyUniqueIdentifier,
            @Nullable Attributes privateKeyAttributes,
            @Nullable Attributes publicKeyAttributes)
            implements ResponsePayload {
        public Response {
            Objects.requireNonNull(privateKeyUniqueIdentifier, "privateKeyUniqueIdentifier");
            Objects.requireNonNull(publicKeyUniqueIdentifier, "publicKeyUniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.CREATE_KEY_PAIR,
            Request.class,
            CreateKeyPair::readRequest,
            CreateKeyPair::writeRequest,
            Response.class,
            CreateKeyPair::readResponse,
            CreateKeyPair::writeResponse);

    /** The three attribute sets and mask lists; Re-key Key Pair's request has the same after its own fields. */
    static Request readRequest(FieldReader r) throws KmipMappingException {
        return new Request(
                AttributeContainers.readTemplate(r, Tag.COMMON_TEMPLATE_ATTRIBUTE, Tag.COMMON_ATTRIBUTES),
                AttributeContainers.readTemplate(r, Tag.PRIVATE_KEY_TEMPLATE_ATTRIBUTE, Tag.PRIVATE_KEY_ATTRIBUTES),
                AttributeContainers.readTemplate(r, Tag.PUBLIC_KEY_TEMPLATE_ATTRIBUTE, Tag.PUBLIC_KEY_ATTRIBUTES),
                ProtectionStorageMasks.read(r, Tag.COMMON_PROTECTION_STORAGE_MASKS),
                ProtectionStorageMasks.read(r, Tag.PRIVATE_PROTECTION_STORAGE_MASKS),
                ProtectionStorageMasks.read(r, Tag.PUBLIC_PROTECTION_STORAGE_MASKS));
    }

    /** Shared with Re-key Key Pair, whose response has the same fields (KMIP 1.4 §4.5, 2.1 §6.1.43). */
    static Response readResponse(FieldReader r) throws KmipMappingException {
        return new Response(
                r.text(Tag.PRIVATE_KEY_UNIQUE_IDENTIFIER),
                r.text(Tag.PUBLIC_KEY_UNIQUE_IDENTIFIER),
                r.version().isTwoOrLater()
                        ? null
                        : AttributeContainers.readTemplate(
                                r, Tag.PRIVATE_KEY_TEMPLATE_ATTRIBUTE, Tag.PRIVATE_KEY_ATTRIBUTES),
                r.version().isTwoOrLater()
                        ? null
                        : AttributeContainers.readTemplate(
                                r, Tag.PUBLIC_KEY_TEMPLATE_ATTRIBUTE, Tag.PUBLIC_KEY_ATTRIBUTES));
    }

    static void writeRequest(Request p, FieldWriter w) {
        AttributeContainers.writeTemplate(w, p.common(), Tag.COMMON_TEMPLATE_ATTRIBUTE, Tag.COMMON_ATTRIBUTES);
        AttributeContainers.writeTemplate(
                w, p.privateKey(), Tag.PRIVATE_KEY_TEMPLATE_ATTRIBUTE, Tag.PRIVATE_KEY_ATTRIBUTES);
        AttributeContainers.writeTemplate(
                w, p.publicKey(), Tag.PUBLIC_KEY_TEMPLATE_ATTRIBUTE, Tag.PUBLIC_KEY_ATTRIBUTES);
        ProtectionStorageMasks.write(w, Tag.COMMON_PROTECTION_STORAGE_MASKS, p.commonMasks());
        ProtectionStorageMasks.write(w, Tag.PRIVATE_PROTECTION_STORAGE_MASKS, p.privateMasks());
        ProtectionStorageMasks.write(w, Tag.PUBLIC_PROTECTION_STORAGE_MASKS, p.publicMasks());
    }

    static void writeResponse(Response p, FieldWriter w) {
        w.text(Tag.PRIVATE_KEY_UNIQUE_IDENTIFIER, p.privateKeyUniqueIdentifier())
                .text(Tag.PUBLIC_KEY_UNIQUE_IDENTIFIER, p.publicKeyUniqueIdentifier());
        if (!w.version().isTwoOrLater()) {
            AttributeContainers.writeTemplate(
                    w, p.privateKeyAttributes(), Tag.PRIVATE_KEY_TEMPLATE_ATTRIBUTE, Tag.PRIVATE_KEY_ATTRIBUTES);
            AttributeContainers.writeTemplate(
                    w, p.publicKeyAttributes(), Tag.PUBLIC_KEY_TEMPLATE_ATTRIBUTE, Tag.PUBLIC_KEY_ATTRIBUTES);
        }
    }
}
