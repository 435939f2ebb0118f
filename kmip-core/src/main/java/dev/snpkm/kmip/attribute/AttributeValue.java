package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.ttlv.Ttlv;

/**
 * The value of one attribute, independent of the version it travelled in: either a single TTLV item
 * ({@link ItemValue}: Integer, Enumeration, Text, Date-Time... or an untyped Structure), or one of the typed
 * structures the server reads (Name, Link, Cryptographic Parameters, Digest, Usage Limits, Application Specific
 * Information, Revocation Reason).
 */
public sealed interface AttributeValue
        permits ItemValue,
                Name,
                Link,
                CryptographicParameters,
                Digest,
                UsageLimits,
                ApplicationSpecificInformation,
                RevocationReason {

    /** The value as a TTLV item with the given tag (the attribute's own tag in 2.x, Attribute Value in 1.x). */
    Ttlv toTtlv(int tag);

    /** For the typed structures: their fields in wire order. */
    interface Structured {
        void writeFields(FieldWriter w);

        default Ttlv.Structure structureWithTag(int tag) {
            FieldWriter w = new FieldWriter(null);
            writeFields(w);
            return w.toStructure(tag);
        }
    }
}
