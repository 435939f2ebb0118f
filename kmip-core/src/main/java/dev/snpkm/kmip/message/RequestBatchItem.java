package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.types.Bytes;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Request Batch Item (KMIP 2.1 Table 396): the payload is the operation's typed record, or a RawPayload for operations
 * the model does not type.
 *
 * @param ephemeral 2.x only; null when absent
 * @param uniqueBatchItemId required when the batch has more than one item; else may be null
 */
public record RequestBatchItem(
        EnumCode<Operation> operation,
        @Nullable Boolean ephemeral,
        @Nullable Bytes uniqueBatchItemId,
        RequestPayload payload,
        List<MessageExtension> messageExtensions) {
    public RequestBatchItem {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(payload, "payload");
        messageExtensions = List.copyOf(messageExtensions);
    }

    public static RequestBatchItem of(Operation op, RequestPayload payload) {
        return new RequestBatchItem(EnumCode.of(op), null, null, payload, List.of());
    }

    public RequestBatchItem withId(Bytes id) {
        return new RequestBatchItem(operation, ephemeral, id, payload, messageExtensions);
    }

    /** The payload as the expected record type, e.g. {@code item.payload(Get.Request.class)}. */
    public <P extends RequestPayload> java.util.Optional<P> payload(Class<P> type) {
        return type.isInstance(payload) ? java.util.Optional.of(type.cast(payload)) : java.util.Optional.empty();
    }
}
