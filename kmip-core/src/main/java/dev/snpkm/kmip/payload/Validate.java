package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Validate payloads (KMIP 1.4 §4.24, 2.1 §6.1.52): request {Certificate*, Unique Identifier*, Validity Date?} →
 * response {Validity Indicator}. The certificates given by value and those named by identifier make one chain.
 */
public final class Validate {
    private Validate() {}

    /** @param validityDate epoch seconds at which every certificate must be valid; null: now */
    public record Request(
            List<ManagedObject.Certificate> certificates,
            List<UniqueIdentifier> uniqueIdentifiers,
            @Nullable Long validityDate)
            implements RequestPayload {
        public Request {
            certificates = List.copyOf(certificates);
            uniqueIdentifiers = List.copyOf(uniqueIdentifiers);
        }
    }

    public record Response(EnumCode<ValidityIndicator> validityIndicator) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(validityIndicator, "validityIndicator");
        }

        public static Response of(ValidityIndicator v) {
            return new Response(EnumCode.of(v));
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.VALIDATE,
            Request.class,
            Validate::readRequest,
            Validate::writeRequest,
            Response.class,
            r -> new Response(r.enumeration(Tag.VALIDITY_INDICATOR, ValidityIndicator.class)),
            (p, w) -> w.enumeration(Tag.VALIDITY_INDICATOR, p.validityIndicator()));

    private static Request readRequest(FieldReader r) throws KmipMappingException {
        List<ManagedObject.Certificate> certificates = new ArrayList<>();
        for (FieldReader c : r.structs(Tag.CERTIFICATE)) {
            certificates.add(new ManagedObject.Certificate(
                    c.enumeration(Tag.CERTIFICATE_TYPE, CertificateType.class), c.bytes(Tag.CERTIFICATE_VALUE)));
            Ttlv unknown = c.firstUnread();
            if (unknown != null) {
                throw KmipMappingException.invalidField(unknown.tag(), "not a field of a Certificate");
            }
        }
        return new Request(certificates, r.uids(Tag.UNIQUE_IDENTIFIER), r.optDateTime(Tag.VALIDITY_DATE));
    }

    private static void writeRequest(Request p, FieldWriter w) {
        for (ManagedObject.Certificate c : p.certificates()) {
            w.add(new FieldWriter(w.version())
                    .enumeration(Tag.CERTIFICATE_TYPE, c.certificateType())
                    .bytes(Tag.CERTIFICATE_VALUE, c.value())
                    .toStructure(Tag.CERTIFICATE));
        }
        p.uniqueIdentifiers().forEach(u -> w.uid(Tag.UNIQUE_IDENTIFIER, u));
        w.dateTime(Tag.VALIDITY_DATE, p.validityDate());
    }
}
