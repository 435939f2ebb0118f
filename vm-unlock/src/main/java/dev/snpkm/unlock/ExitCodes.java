package dev.snpkm.unlock;

/** Exit statuses of kmip-unlock, for systemd units and dracut hooks. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The key could not be fetched, or cryptsetup failed. Retrying later may help. */
    public static final int FAILED = 1;
    /** Bad options or configuration (picocli's own usage-error status). */
    public static final int USAGE = 2;
    /** Not an attestable SEV-SNP guest: nothing was sent to the key manager. */
    public static final int SECURITY_VIOLATION = 3;

    private ExitCodes() {}
}
