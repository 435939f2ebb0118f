package dev.snpkm.sev.policy;

/** A policy document is unreadable or invalid; the message names the field and the problem. */
public final class PolicyFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyFormatException(String message) {
        super(message);
    }
}
