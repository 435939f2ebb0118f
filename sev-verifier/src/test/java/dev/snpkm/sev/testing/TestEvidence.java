package dev.snpkm.sev.testing;

import dev.snpkm.sev.cert.CertTableGuid;
import dev.snpkm.sev.cert.CertificateTable;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.SigningKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete piece of generated evidence: report bytes plus the certificate table a guest would send, as the
 * key server receives them. {@link #generate} is the one-liner other modules' tests need.
 */
public record TestEvidence(byte[] report, byte[] certTable, TestVek vek) {

    /** Issues a matching VCEK/VLEK from the per-JVM hierarchy, signs the builder's report with it and wraps the cert in a table. */
    public static TestEvidence generate(SnpReportBuilder builder, SigningKey kind) {
        TestAmdHierarchy h = TestAmdHierarchy.get();
        builder.signingKey(kind);
        VekSpec spec = kind == SigningKey.VLEK
                ? VekSpec.vlek(builder.product(), builder.effectiveReportedTcb(), "CN=test-csp.example")
                : VekSpec.vcek(builder.product(), builder.effectiveChipId(), builder.effectiveReportedTcb());
        TestVek vek = h.issue(spec);
        return new TestEvidence(builder.sign(vek.keyPair()), certTable(vek, kind, false, true), vek);
    }

    /**
     * Signs the builder's report with an already-issued VEK, as a real PSP does with its one VCEK per TCB: for
     * benchmarks and for a guest in another JVM (see {@link TestVek#load}), where issuing a certificate per report
     * (an RSA-4096 ASK signature) would be the cost measured.
     */
    public static TestEvidence signWith(SnpReportBuilder builder, TestVek vek, SigningKey kind) {
        builder.signingKey(kind);
        return new TestEvidence(builder.sign(vek.keyPair()), certTable(vek, kind, false, true), vek);
    }

    /** A GHCB certificate table holding the VEK (DER or PEM) and optionally a bogus ARK entry. */
    public static byte[] certTable(TestVek vek, SigningKey kind, boolean pem, boolean withUntrustedArkEntry) {
        List<CertificateTable.Entry> entries = new ArrayList<>();
        entries.add(new CertificateTable.Entry(
                (kind == SigningKey.VLEK ? CertTableGuid.VLEK : CertTableGuid.VCEK).uuid(),
                HexBytes.of(pem ? vek.pem() : vek.der())));
        if (withUntrustedArkEntry) {
            // A host may send an ARK; the verifier must ignore it and use its pinned roots.
            entries.add(new CertificateTable.Entry(CertTableGuid.ARK.uuid(), HexBytes.of(new byte[] {1, 2, 3})));
        }
        return new CertificateTable(entries).encode();
    }
}
