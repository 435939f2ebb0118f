package dev.snpkm.client.attestation;

import java.util.Arrays;

/**
 * What the guest sends as its Attestation credential (docs/ARCHITECTURE.md "The attested release"): the raw report
 * (Attestation Measurement) and the certificate table that came with it (Attestation Assertion; GHCB 56421
 * §4.1.8.1, configfs-tsm {@code auxblob}). Immutable; arrays are copied in and out.
 */
public record SnpEvidence(byte[] report, byte[] certificateTable) {
    /** ATTESTATION_REPORT size in every report version (SEV-SNP ABI 56860, 0x4A0). */
    public static final int REPORT_BYTES = 0x4A0;

    public SnpEvidence {
        if (report.length != REPORT_BYTES) {
            throw new IllegalArgumentException("an SNP report is " + REPORT_BYTES + " bytes, not " + report.length);
        }
        report = report.clone();
        certificateTable = certificateTable.clone();
    }

    @Override
    public byte[] report() {
        return report.clone();
    }

    @Override
    public byte[] certificateTable() {
        return certificateTable.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnpEvidence e
                && Arrays.equals(e.report, report)
                && Arrays.equals(e.certificateTable, certificateTable);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(report) + Arrays.hashCode(certificateTable);
    }

    @Override
    public String toString() {
        return "SnpEvidence[report " + report.length + " bytes, certificate table " + certificateTable.length
                + " bytes]";
    }
}
