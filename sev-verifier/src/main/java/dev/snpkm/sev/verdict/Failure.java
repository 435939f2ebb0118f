package dev.snpkm.sev.verdict;

import java.util.Objects;

/** One failed check: a stable machine code and a one-line human message (never secret material). */
public record Failure(FailureCode code, String message) {
    public Failure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Failure of(FailureCode code, String message) {
        return new Failure(code, message);
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
