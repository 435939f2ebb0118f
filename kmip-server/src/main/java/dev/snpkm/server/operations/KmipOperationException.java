package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.ResultReason;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A KMIP-level failure of one batch item: the Result Reason and a one-line Result Message. Never carries key material.
 * Stack traces are not filled: this is control flow, not a bug.
 */
public final class KmipOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ResultReason reason;

    public KmipOperationException(ResultReason reason, @Nullable String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ResultReason reason() {
        return reason;
    }
}
