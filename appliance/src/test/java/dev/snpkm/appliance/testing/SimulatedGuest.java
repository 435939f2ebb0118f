package dev.snpkm.appliance.testing;

import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;

/**
 * A SEV-SNP guest without the hardware: a Genoa report over exactly the REPORT_DATA asked for, with the given launch
 * measurement, signed by a VCEK of the generated AMD hierarchy (so only an appliance started with
 * attestation.test-trust-roots-dir pointing at that hierarchy accepts it).
 */
public final class SimulatedGuest implements AttestationProvider {
    private final byte[] launchMeasurement;
    private final SigningKey signingKey;

    public SimulatedGuest(byte[] launchMeasurement) {
        this(launchMeasurement, SigningKey.VCEK);
    }

    /** A guest whose reports are signed by a VLEK (a cloud provider's key, under the ASVK) or a VCEK. */
    public SimulatedGuest(byte[] launchMeasurement, SigningKey signingKey) {
        this.launchMeasurement = launchMeasurement.clone();
        this.signingKey = signingKey;
    }

    @Override
    public SnpEvidence report(byte[] reportData) {
        TestEvidence e = TestEvidence.generate(
                new SnpReportBuilder().measurement(launchMeasurement).reportData(reportData), signingKey);
        return new SnpEvidence(e.report(), e.certTable());
    }
}
