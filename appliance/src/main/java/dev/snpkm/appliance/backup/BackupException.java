package dev.snpkm.appliance.backup;

/** A backup could not be made or restored; the message is one line for the operator and never holds key bytes. */
public final class BackupException extends Exception {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
