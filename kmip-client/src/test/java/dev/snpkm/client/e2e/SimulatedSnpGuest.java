package dev.snpkm.client.e2e;

import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;
import java.util.function.UnaryOperator;

/**
 * A stand-in for the AMD secure processor: signs a Genoa report with the test hierarchy's VCEK over exactly the
 * REPORT_DATA asked for, with the given launch measurement; {@code tweak} lets a test forge a bad guest.
 */
final class SimulatedSnpGuest implements AttestationProvider {
    private final byte[] measurement;
    private final UnaryOperator<SnpReportBuilder> tweak;

    SimulatedSnpGuest(byte[] measurement, UnaryOperator<SnpReportBuilder> tweak) {
        this.measurement = measurement.clone();
        this.tweak = tweak;
    }

    @Override
    public SnpEvidence report(byte[] reportData) {
        SnpReportBuilder b = new SnpReportBuilder().measurement(measurement).reportData(reportData);
        TestEvidence e = TestEvidence.generate(tweak.apply(b), SigningKey.VCEK);
        return new SnpEvidence(e.report(), e.certTable());
    }
}
