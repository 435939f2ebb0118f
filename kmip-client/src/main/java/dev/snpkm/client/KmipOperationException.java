package dev.snpkm.client;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KmipEnum;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.message.ResponseBatchItem;
import org.jspecify.annotations.Nullable;

/**
 * The key manager answered a batch item with a failure (or with a response this client could not read). Carries the
 * Result Status, Result Reason and the server's Result Message folded to one line; never key material.
 */
public final class KmipOperationException extends Exception {
    private final @Nullable EnumCode<Operation> operation;
    private final EnumCode<ResultStatus> resultStatus;
    private final @Nullable EnumCode<ResultReason> resultReason;
    private final String resultMessage;

    public KmipOperationException(
            @Nullable EnumCode<Operation> operation,
            EnumCode<ResultStatus> resultStatus,
            @Nullable EnumCode<ResultReason> resultReason,
            @Nullable String resultMessage) {
        super(describe(operation, resultStatus, resultReason, oneLine(resultMessage)));
        this.operation = operation;
        this.resultStatus = resultStatus;
        this.resultReason = resultReason;
        this.resultMessage = oneLine(resultMessage);
    }

    /** The failure a response batch item reports. */
    public static KmipOperationException of(ResponseBatchItem item) {
        return new KmipOperationException(
                item.operation(), item.resultStatus(), item.resultReason(), item.resultMessage());
    }

    /** A response that did not make sense (wrong count, undecodable): the server broke the protocol. */
    static KmipOperationException protocol(@Nullable EnumCode<Operation> operation, String problem) {
        return new KmipOperationException(
                operation,
                EnumCode.of(ResultStatus.OPERATION_FAILED),
                EnumCode.of(ResultReason.INVALID_MESSAGE),
                "unexpected response from the key manager: " + problem);
    }

    /** The operation, or null when the server could not tell which one failed (a header-level failure). */
    public @Nullable EnumCode<Operation> operation() {
        return operation;
    }

    public EnumCode<ResultStatus> resultStatus() {
        return resultStatus;
    }

    /** Null when the server sent none. */
    public @Nullable EnumCode<ResultReason> resultReason() {
        return resultReason;
    }

    /** The server's Result Message on one line; empty when it sent none. */
    public String resultMessage() {
        return resultMessage;
    }

    public boolean is(ResultReason reason) {
        return resultReason != null && resultReason.is(reason);
    }

    private static String oneLine(@Nullable String message) {
        return message == null ? "" : message.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String describe(
            @Nullable EnumCode<Operation> op,
            EnumCode<ResultStatus> status,
            @Nullable EnumCode<ResultReason> reason,
            String message) {
        return (op == null ? "request" : name(op)) + " failed: " + name(status)
                + (reason == null ? "" : " / " + name(reason)) + (message.isEmpty() ? "" : ": " + message);
    }

    static <E extends Enum<E> & KmipEnum> String name(EnumCode<E> code) {
        return code.known().map(Enum::name).orElse(String.format("0x%08X", code.value()));
    }
}
