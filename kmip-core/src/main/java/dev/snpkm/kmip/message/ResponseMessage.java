package dev.snpkm.kmip.message;

import java.util.List;
import java.util.Objects;

/** Response Message (KMIP 2.1 §8): a header and one batch item per request batch item. */
public record ResponseMessage(ResponseHeader header, List<ResponseBatchItem> batchItems) {
    public ResponseMessage {
        Objects.requireNonNull(header, "header");
        batchItems = List.copyOf(batchItems);
    }
}
