package dev.snpkm.sev.report;

/** The input cannot be decoded as an attestation report at all (e.g. wrong length). */
public final class ReportFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(message);
    }
}
