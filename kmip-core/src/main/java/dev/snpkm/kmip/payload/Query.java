package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Query payloads (KMIP 1.4 §4.25, 2.1 §6.1.37). Request {Query Function*}. Response {Operation*, Object Type*, Vendor
 * Identification?, Server Information?, Application Namespace*, Extension Information*, Attestation Type*, then RNG
 * Parameters, Profile/Validation/Capability Information, Client Registration Method, Defaults Information, Protection
 * Storage Masks}; the fields after Attestation Type are kept untyped, in order. Query Attestation Types (7) is how a
 * client learns that the server accepts SEV-SNP reports (AttestationType.SEV_SNP_REPORT).
 */
public final class Query {
    private Query() {}

    public record Request(List<EnumCode<QueryFunction>> queryFunctions) implements RequestPayload {
        public Request {
            queryFunctions = List.copyOf(queryFunctions);
        }
    }

    /** @param serverInformation untyped Server Information structure, or null; {@code others} in wire order */
    public record Response(
            List<EnumCode<Operation>> operations,
            List<EnumCode<ObjectType>> objectTypes,
            @Nullable String vendorIdentification,
            @Nullable Ttlv serverInformation,
            List<String> applicationNamespaces,
            List<Ttlv> extensionInformation,
            List<EnumCode<AttestationType>> attestationTypes,
            List<Ttlv> others)
            implements ResponsePayload {
        public Response {
            operations = List.copyOf(operations);
            objectTypes = List.copyOf(objectTypes);
            applicationNamespaces = List.copyOf(applicationNamespaces);
            extensionInformation = List.copyOf(extensionInformation);
            attestationTypes = List.copyOf(attestationTypes);
            others = List.copyOf(others);
        }
    }

    private static final Set<Integer> TYPED = Set.of(
            Tag.OPERATION,
            Tag.OBJECT_TYPE,
            Tag.VENDOR_IDENTIFICATION,
            Tag.SERVER_INFORMATION,
            Tag.APPLICATION_NAMESPACE,
            Tag.EXTENSION_INFORMATION,
            Tag.ATTESTATION_TYPE);

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.QUERY,
            Request.class,
            r -> new Request(r.enumerations(Tag.QUERY_FUNCTION, QueryFunction.class)),
            (p, w) -> w.enumerations(Tag.QUERY_FUNCTION, p.queryFunctions()),
            Response.class,
            Query::readResponse,
            Query::writeResponse);

    private static Response readResponse(FieldReader r) throws KmipMappingException {
        List<Ttlv> others = new ArrayList<>();
        for (Ttlv f : r.allFields()) {
            if (!TYPED.contains(f.tag())) {
                others.add(f);
            }
        }
        return new Response(
                r.enumerations(Tag.OPERATION, Operation.class),
                r.enumerations(Tag.OBJECT_TYPE, ObjectType.class),
                r.optText(Tag.VENDOR_IDENTIFICATION),
                r.optional(Tag.SERVER_INFORMATION, Ttlv.Structure.class),
                r.texts(Tag.APPLICATION_NAMESPACE),
                List.copyOf(r.all(Tag.EXTENSION_INFORMATION, Ttlv.Structure.class)),
                r.enumerations(Tag.ATTESTATION_TYPE, AttestationType.class),
                others);
    }

    private static void writeResponse(Response p, FieldWriter w) {
        w.enumerations(Tag.OPERATION, p.operations())
                .enumerations(Tag.OBJECT_TYPE, p.objectTypes())
                .text(Tag.VENDOR_IDENTIFICATION, p.vendorIdentification())
                .add(p.serverInformation())
                .texts(Tag.APPLICATION_NAMESPACE, p.applicationNamespaces())
                .addAll(p.extensionInformation())
                .enumerations(Tag.ATTESTATION_TYPE, p.attestationTypes())
                .addAll(p.others());
    }
}
