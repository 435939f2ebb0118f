package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;

/**
 * A payload the model does not type (an operation without a mapping, or an extension operation): its fields as they
 * came, re-encoded unchanged. A server answers such a request with Operation Not Supported.
 */
public record RawPayload(List<Ttlv> fields) implements RequestPayload, ResponsePayload {
    public RawPayload {
        fields = List.copyOf(fields);
    }

    public static final RawPayload EMPTY = new RawPayload(List.of());
}
