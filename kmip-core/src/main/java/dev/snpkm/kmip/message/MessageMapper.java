package dev.snpkm.kmip.message;

import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.ttlv.Ttlv;

/**
 * The entry points between the generic TTLV tree and the typed messages. The Protocol Version in the header decides
 * whether attributes travel in 1.x (Template-Attribute, Attribute Name) or 2.x (Attributes, Attribute Reference) form;
 * on the way out, attributes the target version does not define are left out.
 */
public final class MessageMapper {
    private MessageMapper() {}

    /** Strict: any problem anywhere in the message is a KmipMappingException (clients, tests). */
    public static RequestMessage requestFromTtlv(Ttlv ttlv) throws KmipMappingException {
        return RequestCodec.decode(ttlv, false);
    }

    /**
     * For servers: a broken header or envelope still throws (answer with one failed batch item, KMIP 1.4 §11.1), but a
     * batch item whose payload does not map gets a {@link dev.snpkm.kmip.payload.MalformedPayload} carrying its Result
     * Reason, and an unknown operation a RawPayload, so that the other batch items can be processed.
     */
    public static RequestMessage requestFromTtlvLenient(Ttlv ttlv) throws KmipMappingException {
        return RequestCodec.decode(ttlv, true);
    }

    public static Ttlv toTtlv(RequestMessage message) {
        return RequestCodec.encode(message);
    }

    public static ResponseMessage responseFromTtlv(Ttlv ttlv) throws KmipMappingException {
        return ResponseCodec.decode(ttlv);
    }

    public static Ttlv toTtlv(ResponseMessage message) {
        return ResponseCodec.encode(message);
    }
}
