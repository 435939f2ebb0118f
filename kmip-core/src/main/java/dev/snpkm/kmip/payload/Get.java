package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyCompressionType;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.KeyWrapType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.object.ManagedObjectCodec;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Get payloads (KMIP 1.4 §4.11, 2.1 §6.1.20). Request {Unique Identifier?, Key Format Type?, Key Wrap Type? (1.4+), Key
 * Compression Type?, Key Wrapping Specification?} → response {Object Type, Unique Identifier, object}. For an
 * attestation-bound key the Key Wrapping Specification names the VM's wrapping key (docs/ARCHITECTURE.md "The attested
 * release").
 */
public final class Get {
    private Get() {}

    public record Request(
            @Nullable UniqueIdentifier uniqueIdentifier,
            @Nullable EnumCode<KeyFormatType> keyFormatType,
            @Nullable EnumCode<KeyWrapType> keyWrapType,
            @Nullable EnumCode<KeyCompressionType> keyCompressionType,
            @Nullable KeyWrappingSpecification keyWrappingSpecification)
            implements RequestPayload {
        public static Request of(String uid) {
            return new Request(UniqueIdentifier.of(uid), null, null, null, null);
        }
    }

    public record Response(EnumCode<ObjectType> objectType, String uniqueIdentifier, ManagedObject object)
            implements ResponsePayload {
        public Response {
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
            Objects.requireNonNull(object, "object");
        }

        public static Response of(String uid, ManagedObject object) {
            return new Response(EnumCode.of(object.objectType()), uid, object);
        }

        /** Zeroes the released object's key material (plain or wrapped). */
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
            Operation.GET,
            Request.class,
            r -> new Request(
                    r.optUid(Tag.UNIQUE_IDENTIFIER),
                    r.optEnumeration(Tag.KEY_FORMAT_TYPE, KeyFormatType.class),
                    r.optEnumeration(Tag.KEY_WRAP_TYPE, KeyWrapType.class),
                    r.optEnumeration(Tag.KEY_COMPRESSION_TYPE, KeyCompressionType.class),
                    KeyWrappingSpecification.read(r)),
            (p, w) -> {
                w.uid(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier())
                        .enumeration(Tag.KEY_FORMAT_TYPE, p.keyFormatType())
                        .enumeration(Tag.KEY_WRAP_TYPE, p.keyWrapType())
                        .enumeration(Tag.KEY_COMPRESSION_TYPE, p.keyCompressionType());
                KeyWrappingSpecification.write(w, p.keyWrappingSpecification());
            },
            Response.class,
            Get::readResponse,
            (p, w) -> {
                w.enumeration(Tag.OBJECT_TYPE, p.objectType()).text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                ManagedObjectCodec.write(w, p.object());
            });

    private static Response readResponse(FieldReader r) throws KmipMappingException {
        EnumCode<ObjectType> type = r.enumeration(Tag.OBJECT_TYPE, ObjectType.class);
        String uid = r.text(Tag.UNIQUE_IDENTIFIER);
        return new Response(type, uid, ManagedObjectCodec.require(r, type));
    }
}
