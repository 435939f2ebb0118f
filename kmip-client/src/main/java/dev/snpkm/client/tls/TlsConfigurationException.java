package dev.snpkm.client.tls;

/** The TLS material or options cannot be used; the message names the file or option and the fix, in one line. */
public final class TlsConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsConfigurationException(String message) {
        super(message);
    }

    public TlsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
