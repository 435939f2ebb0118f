package dev.snpkm.kmip;

import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;

/** typed → toTtlv → TTLV bytes → decode → fromTtlv, as the wire would do it. */
public final class RoundTrip {
    private RoundTrip() {}

    public static RequestMessage request(RequestMessage m) throws KmipMappingException, TtlvException {
        byte[] wire = TtlvEncoder.encode(MessageMapper.toTtlv(m));
        return MessageMapper.requestFromTtlv(new TtlvDecoder().decode(wire));
    }

    public static ResponseMessage response(ResponseMessage m) throws KmipMappingException, TtlvException {
        byte[] wire = TtlvEncoder.encode(MessageMapper.toTtlv(m));
        return MessageMapper.responseFromTtlv(new TtlvDecoder().decode(wire));
    }
}
