package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.types.Bytes;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Response Batch Item (KMIP 2.1 Table 399). Operation is null only in the answer to a message that could not be parsed
 * (KMIP 1.4 §11.1); the payload is null when absent (failures).
 */
public record ResponseBatchItem(
        @Nullable EnumCode<Operation> operation,
        @Nullable Bytes uniqueBatchItemId,
        EnumCode<ResultStatus> resultStatus,
        @Nullable EnumCode<ResultReason> resultReason,
        @Nullable String resultMessage,
        @Nullable Bytes asynchronousCorrelationValue,
        @Nullable ResponsePayload payload,
        List<MessageExtension> messageExtensions) {
    public ResponseBatchItem {
        Objects.requireNonNull(resultStatus, "resultStatus");
        messageExtensions = List.copyOf(messageExtensions);
    }

    public static ResponseBatchItem success(EnumCode<Operation> op, @Nullable Bytes id, ResponsePayload payload) {
        return new ResponseBatchItem(op, id, EnumCode.of(ResultStatus.SUCCESS), null, null, null, payload, List.of());
    }

    /** A failed item; operation and id echo the request's (either may be null). */
    public static ResponseBatchItem failure(
            @Nullable EnumCode<Operation> op, @Nullable Bytes id, ResultReason reason, @Nullable String message) {
        return new ResponseBatchItem(
                op,
                id,
                EnumCode.of(ResultStatus.OPERATION_FAILED),
                EnumCode.of(reason),
                message,
                null,
                null,
                List.of());
    }

    public boolean isSuccess() {
        return resultStatus.is(ResultStatus.SUCCESS);
    }

    public <P extends ResponsePayload> java.util.Optional<P> payload(Class<P> type) {
        return type.isInstance(payload) ? java.util.Optional.of(type.cast(payload)) : java.util.Optional.empty();
    }
}
