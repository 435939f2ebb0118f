package dev.snpkm.server.engine;

import dev.snpkm.kmip.enums.AsynchronousIndicator;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestMessage;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Message-level checks before any item runs (KMIP 2.1 Tables 395-396, 1.4 Table 282). Returns a one-line problem or
 * null.
 */
final class HeaderRules {
    private HeaderRules() {}

    static @Nullable String problem(RequestMessage m, int maxBatchItems) {
        if (m.batchItems().isEmpty()) {
            return "Request Message has no Batch Item";
        }
        if (m.batchItems().size() > maxBatchItems) {
            // Checked before anything runs: a batch of thousands of Creates would hold a worker (and, with Undo, one
            // database transaction) for as long as it takes.
            return "Request Message has " + m.batchItems().size() + " Batch Items; this server accepts at most "
                    + maxBatchItems + " per request, split the batch";
        }
        if (m.header().asynchronousIndicator() != null
                && m.header().asynchronousIndicator().is(AsynchronousIndicator.MANDATORY)) {
            return "asynchronous operations are not supported; send Asynchronous Indicator False or omit it";
        }
        if (m.batchItems().size() > 1) {
            Set<Object> ids = new HashSet<>();
            for (RequestBatchItem i : m.batchItems()) {
                if (i.uniqueBatchItemId() == null) {
                    return "Unique Batch Item ID is required in every item when Batch Count > 1";
                }
                if (!ids.add(i.uniqueBatchItemId())) {
                    return "Unique Batch Item ID " + i.uniqueBatchItemId() + " appears twice in the batch";
                }
            }
        }
        return null;
    }
}
