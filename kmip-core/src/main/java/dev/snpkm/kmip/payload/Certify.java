package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Certify payloads (KMIP 1.4 §4.7, 2.1 §6.1.7). Request: 1.x {Unique Identifier?, Certificate Request Type?,
 * Certificate Request?, Template-Attribute?}, 2.x {Unique Identifier?, Attributes?, Certificate Request Value?,
 * Certificate Request Type?, Protection Storage Masks?} → response {Unique Identifier} of the new certificate.
 */
public final class Certify {
    /** Certificate Request Type values (the KMIP 1.4 and 2.1 enumeration tables). */
    public static final int CRMF = 1;

    public static final int PKCS10 = 2;
    public static final int PEM = 3;

    private Certify() {}

    /**
     * @param uniqueIdentifier the Public Key to certify; null: the ID Placeholder, unless a request is given
     * @param certificateRequestType a Certificate Request Type value, with {@code certificateRequest}
     */
    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable Integer certificateRequestType,
            @Nullable Bytes certificateRequest,
            Attributes attributes,
            @Nullable List<Integer> protectionStorageMasks)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    public record Response(String uniqueIdentifier) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.CERTIFY,
            Request.class,
            Certify::readRequest,
            Certify::writeRequest,
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER)),
            (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        Ttlv.Enumeration type = r.optional(Tag.CERTIFICATE_REQUEST_TYPE, Ttlv.Enumeration.class);
        Attributes a = AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
        return new Request(
                r.optUid(Tag.UNIQUE_IDENTIFIER),
                type == null ? null : type.value(),
                r.optBytes(requestTag(r.version().isTwoOrLater())),
                a == null ? Attributes.EMPTY : a,
                ProtectionStorageMasks.read(r, Tag.PROTECTION_STORAGE_MASKS));
    }

    private static void writeRequest(Request p, FieldWriter w) {
        boolean two = w.version().isTwoOrLater();
        w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
        if (two) {
            AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
            w.bytes(requestTag(true), p.certificateRequest());
        }
        if (p.certificateRequestType() != null) {
            w.add(Ttlv.enumeration(Tag.CERTIFICATE_REQUEST_TYPE, p.certificateRequestType()));
        }
        if (!two) {
            w.bytes(requestTag(false), p.certificateRequest());
            AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
        }
        ProtectionStorageMasks.write(w, Tag.PROTECTION_STORAGE_MASKS, p.protectionStorageMasks());
    }

    /** 1.x carries the request in Certificate Request (a Byte String); 2.x renamed it Certificate Request Value. */
    private static int requestTag(boolean twoOrLater) {
        return twoOrLater ? Tag.CERTIFICATE_REQUEST_VALUE : Tag.CERTIFICATE_REQUEST;
    }
}
