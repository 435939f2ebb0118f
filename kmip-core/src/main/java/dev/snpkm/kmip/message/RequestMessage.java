package dev.snpkm.kmip.message;

import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.payload.MalformedPayload;
import java.util.List;
import java.util.Objects;

/** Request Message (KMIP 2.1 §8): a header and one or more batch items. */
public record RequestMessage(RequestHeader header, List<RequestBatchItem> batchItems) {
    public RequestMessage {
        Objects.requireNonNull(header, "header");
        batchItems = List.copyOf(batchItems);
    }

    /** A message whose header's Batch Count is set from the items. */
    public static RequestMessage of(RequestHeader header, List<RequestBatchItem> items) {
        RequestHeader h = new RequestHeader(
                header.protocolVersion(),
                header.maximumResponseSize(),
                header.clientCorrelationValue(),
                header.serverCorrelationValue(),
                header.asynchronousIndicator(),
                header.attestationCapableIndicator(),
                header.attestationTypes(),
                header.credentials(),
                header.batchErrorContinuationOption(),
                header.batchOrderOption(),
                header.timeStamp(),
                items.size());
        return new RequestMessage(h, items);
    }

    /** Throws the first batch item's mapping failure, if a leniently decoded message has one. */
    public void requireWellFormed() throws KmipMappingException {
        for (RequestBatchItem item : batchItems) {
            if (item.payload() instanceof MalformedPayload bad) {
                throw new KmipMappingException(bad.reason(), bad.message());
            }
        }
    }
}
