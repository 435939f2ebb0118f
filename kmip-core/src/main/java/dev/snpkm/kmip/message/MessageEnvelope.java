package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.ttlv.Ttlv;

/** Checks shared by request and response decoding. */
final class MessageEnvelope {
    private MessageEnvelope() {}

    /** The top-level item as a reader, if it is the expected message Structure. */
    static FieldReader open(Ttlv ttlv, int messageTag) throws KmipMappingException {
        if (ttlv == null || ttlv.tag() != messageTag || !(ttlv instanceof Ttlv.Structure s)) {
            throw new KmipMappingException(
                    ResultReason.INVALID_MESSAGE,
                    "expected a " + KmipMappingException.tagName(messageTag) + " Structure at the top level");
        }
        return new FieldReader(s, null);
    }

    /** Batch Count must equal the number of Batch Items (KMIP 2.1 §9.9). */
    static void checkBatchCount(int declared, int actual) throws KmipMappingException {
        if (declared != actual) {
            throw new KmipMappingException(
                    ResultReason.INVALID_MESSAGE,
                    "Batch Count is " + declared + " but the message has " + actual + " Batch Items");
        }
    }
}
