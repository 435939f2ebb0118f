package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.ReportLayout;

/**
 * The largest evidence accepted, checked before anything is parsed or kept: a peer decides these sizes, so each is
 * bounded by what genuine evidence can be.
 */
public final class EvidenceLimits {
    /** ATTESTATION_REPORT: exactly 0x4A0 bytes (SEV-SNP ABI, Table "ATTESTATION_REPORT Structure"). */
    public static final int REPORT_BYTES = ReportLayout.REPORT_SIZE;

    /**
     * The certificate table (GHCB 56421 §4.1.8.1): the Linux guest driver hands the host a buffer of
     * SEV_FW_BLOB_MAX_SIZE = 16 KiB (include/linux/psp-sev.h) for it, so no genuine table is larger. A real one, VCEK
     * + ASK + ARK in PEM, is about 7 KB.
     */
    public static final int CERT_TABLE_BYTES = 16 * 1024;

    /** One certificate: a VCEK or VLEK is about 1.3 KB DER, an RSA-4096 ASK/ARK about 1.6 KB; 16 KiB is generous. */
    public static final int CERTIFICATE_BYTES = 16 * 1024;

    private EvidenceLimits() {}
}
