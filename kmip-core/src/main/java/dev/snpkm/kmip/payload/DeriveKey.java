package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.AttributeContainers;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.DerivationMethod;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Derive Key payloads (KMIP 1.4 §4.6, 2.1 §6.1 Derive Key). Request: {Object Type, Unique Identifier (one or more), Derivation
 * Method, Derivation Parameters, Template-Attribute (1.x) / Attributes (2.x)}. Response: {Unique Identifier,
 * Template-Attribute (1.x only)}.
 */
public final class DeriveKey {
    private DeriveKey() {}

    /**
     * Derivation Parameters (KMIP 1.4 §4.6, 2.1 "Derivation Parameters"): each field optional on the wire, the
     * method decides which it needs.
     */
    public record Parameters(
            @Nullable CryptographicParameters cryptographicParameters,
            @Nullable Bytes initializationVector,
            @Nullable Bytes derivationData,
            @Nullable Bytes salt,
            @Nullable Integer iterationCount) {
        public static final Parameters NONE = new Parameters(null, null, null, null, null);

        static Parameters read(@Nullable FieldReader r) throws KmipMappingException {
            if (r == null) {
                return NONE;
            }
            return new Parameters(
                    ServiceFields.parameters(r),
                    r.optBytes(Tag.INITIALIZATION_VECTOR),
                    r.optBytes(Tag.DERIVATION_DATA),
                    r.optBytes(Tag.SALT),
                    r.optInteger(Tag.ITERATION_COUNT));
        }

        void write(FieldWriter w) {
            FieldWriter f = new FieldWriter(w.version());
            ServiceFields.parameters(f, cryptographicParameters);
            f.bytes(Tag.INITIALIZATION_VECTOR, initializationVector)
                    .bytes(Tag.DERIVATION_DATA, derivationData)
                    .bytes(Tag.SALT, salt)
                    .integer(Tag.ITERATION_COUNT, iterationCount);
            w.add(f.toStructure(Tag.DERIVATION_PARAMETERS));
        }
    }

    public record Request(
            EnumCode<ObjectType> objectType,
            List<UniqueIdentifier> uniqueIdentifiers,
            EnumCode<DerivationMethod> method,
            Parameters parameters,
            @Nullable Attributes attributes)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(method, "method");
            uniqueIdentifiers = List.copyOf(uniqueIdentifiers);
            parameters = parameters == null ? Parameters.NONE : parameters;
            attributes = attributes == null ? Attributes.EMPTY : attributes;
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
            Operation.DERIVE_KEY,
            Request.class,
            r -> new Request(
                    r.enumeration(Tag.OBJECT_TYPE, ObjectType.class),
                    r.uids(Tag.UNIQUE_IDENTIFIER),
                    r.enumeration(Tag.DERIVATION_METHOD, DerivationMethod.class),
                    Parameters.read(r.optStruct(Tag.DERIVATION_PARAMETERS)),
                    AttributeContainers.readTemplate(r, Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES)),
            (p, w) -> {
                w.enumeration(Tag.OBJECT_TYPE, p.objectType());
                for (UniqueIdentifier uid : p.uniqueIdentifiers()) {
                    w.uid(Tag.UNIQUE_IDENTIFIER, uid);
                }
                w.enumeration(Tag.DERIVATION_METHOD, p.method());
                p.parameters().write(w);
                AttributeContainers.writeTemplate(w, p.attributes(), Tag.TEMPLATE_ATTRIBUTE, Tag.ATTRIBUTES);
            },
            Response.class,
            r -> new Response(r.text(Tag.UNIQUE_IDENTIFIER), AttributeContainers.readResponseTemplate(r)),
            (p, w) -> {
                w.text(Tag.UNIQUE_IDENTIFIER, p.uniqueIdentifier());
                AttributeContainers.writeResponseTemplate(w, p.attributes());
            });
}
