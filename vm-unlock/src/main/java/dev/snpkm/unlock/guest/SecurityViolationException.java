package dev.snpkm.unlock.guest;

/** The platform is not one the key may be released to; the message starts "Security Violation:" and says why. */
public final class SecurityViolationException extends Exception {
    private static final long serialVersionUID = 1L;

    public SecurityViolationException(String what) {
        super("Security Violation: " + what);
    }
}
