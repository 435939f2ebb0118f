package dev.snpkm.client;

import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseHeader;
import dev.snpkm.kmip.payload.ResponsePayload;
import java.util.List;

/** The answer to a {@link KmipBatch}: the response header (e.g. an attestation nonce) and one item per operation. */
public record BatchResult(ResponseHeader header, List<ResponseBatchItem> items) {
    public BatchResult {
        items = List.copyOf(items);
    }

    public ResponseBatchItem item(int index) {
        return items.get(index);
    }

    /** The payload of a successful item, or that item's failure. */
    public <P extends ResponsePayload> P payload(int index, Class<P> type) throws KmipOperationException {
        return RequestExecutor.expect(items.get(index), type);
    }

    /** Throws the first failed item's failure, if any. */
    public BatchResult requireSuccess() throws KmipOperationException {
        for (ResponseBatchItem i : items) {
            if (!i.isSuccess()) {
                throw KmipOperationException.of(i);
            }
        }
        return this;
    }
}
