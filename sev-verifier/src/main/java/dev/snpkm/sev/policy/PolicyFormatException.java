package dev.snpkm.sev.policy;

/** A policy document is unreadable or invalid; the message names the field and the problem. */
public final class PolicyFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String message;

    public PolicyFormatException(String message) {
        super(message);
        this.message = message;
    }

    /** Never null: the constructor requires a message. */
    @Override
    public String getMessage() {
        return message;
    }
}
