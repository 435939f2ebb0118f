package dev.snpkm.unlock.luks;

/** cryptsetup failed; the message says what for and quotes cryptsetup's own diagnostic. Never holds key bytes. */
public final class LuksException extends Exception {
    private static final long serialVersionUID = 1L;

    public LuksException(String message) {
        super(message);
    }

    public LuksException(String message, Throwable cause) {
        super(message, cause);
    }
}
