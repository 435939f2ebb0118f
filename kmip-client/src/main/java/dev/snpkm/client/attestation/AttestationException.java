package dev.snpkm.client.attestation;

/** The platform could not produce evidence; the message names what failed. Never carries report data or keys. */
public final class AttestationException extends Exception {
    private static final long serialVersionUID = 1L;

    public AttestationException(String message) {
        super(message);
    }

    public AttestationException(String message, Throwable cause) {
        super(message, cause);
    }
}
