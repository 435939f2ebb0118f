package dev.snpkm.appliance.cli;

/** A command failed for a reason the operator can act on; kmipctl prints the message alone and exits 1. */
final class CliFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }

    /** The cause's own message, or its class name when it has none (never "null"). */
    CliFailure(Exception cause) {
        super(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }
}
