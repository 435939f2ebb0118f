package dev.snpkm.server.transport;

import dev.snpkm.kmip.ttlv.TtlvDecoder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TTLV answer already rendered in the JSON or XML encoding of the request it answers, by the worker that ran the
 * request, for {@link KmipHttpBridge} to send as it is. {@code notEncodable} names why there is no body (a Text String
 * with a character XML 1.0 cannot carry), answered 500 by the bridge.
 */
record TextResponse(byte[] body, @Nullable String notEncodable) {
    private static final Logger LOG = LoggerFactory.getLogger(TextResponse.class);

    /** Renders ttlv in encoding and zeroes ttlv (a Get's key material). */
    static TextResponse render(MessageEncoding encoding, byte[] ttlv, TtlvDecoder decoder) {
        try {
            return new TextResponse(encoding.responseFromTtlv(ttlv, decoder), null);
        } catch (RuntimeException e) {
            LOG.info("event=response_not_encodable encoding={} error=\"{}\"", encoding, e.getMessage());
            return new TextResponse(
                    new byte[0], "the response cannot be sent as " + encoding.mediaType() + ": " + e.getMessage());
        } finally {
            Arrays.fill(ttlv, (byte) 0);
        }
    }
}
