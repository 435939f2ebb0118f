package dev.snpkm.client.attestation;

/**
 * Obtains SEV-SNP evidence from the platform the client runs on.
 *
 * <p>Guarantee: the returned report was produced by the AMD secure processor for this guest with exactly the given
 * REPORT_DATA, so a verifier that checks the report's signature knows that code in this guest chose those 64 bytes.
 * The provider itself proves nothing; the key manager verifies.
 */
public interface AttestationProvider {

    /** Size of REPORT_DATA in an SNP attestation report (SEV-SNP ABI, offset 0x050). */
    int REPORT_DATA_BYTES = 64;

    /**
     * Requests a fresh attestation report binding {@code reportData}.
     *
     * @param reportData exactly 64 bytes, normally {@link dev.snpkm.kmip.release.ReportDataBinding#reportData}
     * @return the raw 1184-byte report and the certificate table the host supplied (possibly empty)
     */
    SnpEvidence report(byte[] reportData) throws AttestationException;
}
