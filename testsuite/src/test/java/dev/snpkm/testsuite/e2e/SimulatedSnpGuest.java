package dev.snpkm.testsuite.e2e;

import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.sev.testing.TestVek;
import dev.snpkm.sev.testing.VekSpec;
import java.util.function.UnaryOperator;

/**
 * A stand-in for the AMD secure processor: signs a Genoa report with the test hierarchy's VCEK over exactly the
 * REPORT_DATA asked for, with the given launch measurement; {@code tweak} lets a test forge a bad guest.
 */
public final class SimulatedSnpGuest implements AttestationProvider {
    private final byte[] measurement;
    private final UnaryOperator<SnpReportBuilder> tweak;
    /** Null: issue a fresh VCEK per report (tests that vary TCB or chip id through the tweak need that). */
    private final TestVek vcek;

    public SimulatedSnpGuest(byte[] measurement, UnaryOperator<SnpReportBuilder> tweak) {
        this(measurement, tweak, null);
    }

    private SimulatedSnpGuest(byte[] measurement, UnaryOperator<SnpReportBuilder> tweak, TestVek vcek) {
        this.measurement = measurement.clone();
        this.tweak = tweak;
        this.vcek = vcek;
    }

    /**
     * A guest whose PSP signs every report with one VCEK issued up front, as real hardware does (one VCEK per chip
     * and TCB). Issuing one per report costs an RSA-4096 ASK signature and a P-384 keygen that no real guest pays.
     */
    public static SimulatedSnpGuest withOneVcek(byte[] measurement) {
        SnpReportBuilder defaults = new SnpReportBuilder();
        return new SimulatedSnpGuest(
                measurement,
                b -> b,
                TestAmdHierarchy.get()
                        .issue(VekSpec.vcek(
                                defaults.product(), defaults.effectiveChipId(), defaults.effectiveReportedTcb())));
    }

    /** A guest whose PSP signs with this VCEK (issued by another JVM's test hierarchy, e.g. a bench server's). */
    public static SimulatedSnpGuest withVcek(byte[] measurement, TestVek vcek) {
        return new SimulatedSnpGuest(measurement, b -> b, vcek);
    }

    @Override
    public SnpEvidence report(byte[] reportData) {
        SnpReportBuilder b = new SnpReportBuilder().measurement(measurement).reportData(reportData);
        TestEvidence e = vcek == null
                ? TestEvidence.generate(tweak.apply(b), SigningKey.VCEK)
                : TestEvidence.signWith(tweak.apply(b), vcek, SigningKey.VCEK);
        return new SnpEvidence(e.report(), e.certTable());
    }
}
