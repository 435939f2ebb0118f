package dev.snpkm.sev.verdict;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One failed check: a stable machine code and a one-line human message (never secret material). */
public record Failure(FailureCode code, @Nullable String message) {
    public Failure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Failure of(FailureCode code, @Nullable String message) {
        return new Failure(code, message);
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
