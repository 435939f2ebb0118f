package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Revocation Reason (KMIP 1.4 §3.31, 2.1 §4.50): {Revocation Reason Code, Revocation Message (optional)}. */
public record RevocationReason(
        EnumCode<RevocationReasonCode> code, @Nullable String message)
        implements AttributeValue, AttributeValue.Structured {
    public RevocationReason {
        Objects.requireNonNull(code, "code");
    }

    public static RevocationReason of(RevocationReasonCode code) {
        return new RevocationReason(EnumCode.of(code), null);
    }

    public static RevocationReason decode(FieldReader r) throws KmipMappingException {
        return new RevocationReason(
                r.enumeration(Tag.REVOCATION_REASON_CODE, RevocationReasonCode.class),
                r.optText(Tag.REVOCATION_MESSAGE));
    }

    @Override
    public void writeFields(FieldWriter w) {
        w.enumeration(Tag.REVOCATION_REASON_CODE, code).text(Tag.REVOCATION_MESSAGE, message);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return structureWithTag(tag);
    }
}
