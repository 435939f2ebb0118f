package dev.snpkm.sev.cert;

/** A certificate, certificate table or CRL cannot be used; the message names the problem in one line. */
public final class CertificateProblem extends Exception {
    private static final long serialVersionUID = 1L;

    public CertificateProblem(String message) {
        super(message);
    }

    public CertificateProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
