package dev.snpkm.appliance.migrate;

/** A store migration that cannot go ahead or did not check out; nothing was committed to the target. */
public final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
