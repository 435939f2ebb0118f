package dev.snpkm.microbench.sev;

import dev.snpkm.sev.cert.CertTableGuid;
import dev.snpkm.sev.cert.CertificateTable;
import dev.snpkm.sev.cert.VekCertificate;
import dev.snpkm.sev.cert.VekCertificateParser;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ReportLayout;
import dev.snpkm.sev.testing.TestData;
import dev.snpkm.sev.verdict.Verdict;
import dev.snpkm.sev.verify.ReportVerifier;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifications per second of the real Genoa report (testdata/sev/genoa-v3): the full ReportVerifier with
 * a cached chain, against the bare P-384 verification it cannot avoid (BC low-level, same key object), and the
 * JDK's SunEC and BC-JCA SHA384withECDSA for the record. Not a unit test: run it with the command in README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBenchmark {
    byte[] report;
    byte[] certTable;
    byte[] reportData;
    ReleasePolicy policy;
    ReportVerifier verifier;
    ECPublicKeyParameters bcKey;
    PublicKey jdkKey;
    byte[] derSignature;
    Signature sunEc;
    Signature bcJca;

    @Setup
    public void setup() throws Exception {
        report = TestData.read("genoa-v3/report.bin");
        byte[] vcek = TestData.read("genoa-v3/vcek.der");
        certTable = new CertificateTable(
                        List.of(new CertificateTable.Entry(CertTableGuid.VCEK.uuid(), HexBytes.of(vcek))))
                .encode();
        reportData = Arrays.copyOfRange(report, ReportLayout.REPORT_DATA, ReportLayout.REPORT_DATA + 64);
        policy = ReleasePolicy.builder("bench")
                .measurements(List.of(HexBytes.of(report, ReportLayout.MEASUREMENT, 48)))
                .build();
        verifier = ReportVerifier.builder()
                .clock(Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC))
                .build();
        Verdict first = verifier.verify(report, certTable, reportData, policy);
        if (!first.accepted()) {
            throw new IllegalStateException("benchmark input does not verify: " + first.summary());
        }
        VekCertificate vek = VekCertificateParser.parse(vcek);
        bcKey = vek.publicKey();
        jdkKey = CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(vcek))
                .getPublicKey();
        BigInteger r = littleEndian(report, ReportLayout.SIGNATURE_R);
        BigInteger s = littleEndian(report, ReportLayout.SIGNATURE_S);
        derSignature = new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        sunEc = Signature.getInstance("SHA384withECDSA", "SunEC");
        bcJca = Signature.getInstance("SHA384withECDSA", new BouncyCastleProvider());
    }

    private static BigInteger littleEndian(byte[] src, int off) {
        byte[] be = new byte[48];
        for (int i = 0; i < 48; i++) {
            be[i] = src[off + 47 - i];
        }
        return new BigInteger(1, be);
    }

    /** The key server's call: parse, format rules, cached chain, signature, binding, policy, REPORT_DATA. */
    @Benchmark
    public boolean reportVerifierCachedChain() {
        return verifier.verify(report, certTable, reportData, policy).accepted();
    }

    /** The floor: SHA-384 of 0x2A0 bytes plus one BC P-384 ECDSA verification. */
    @Benchmark
    public boolean rawBouncyCastleP384() {
        return rawVerify(report, bcKey);
    }

    /**
     * Kept out of line: inlined into JMH's measurement loop, the whole BC P-384 code path became one huge
     * compilation unit that C2 optimised worse (first run: ~1.9k ops/s raw vs ~4.5k through ReportVerifier).
     */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public static boolean rawVerify(byte[] report, ECPublicKeyParameters bcKey) {
        SHA384Digest d = new SHA384Digest();
        d.update(report, 0, ReportLayout.SIGNED_LENGTH);
        byte[] h = new byte[48];
        d.doFinal(h, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, bcKey);
        return signer.verifySignature(
                h, littleEndian(report, ReportLayout.SIGNATURE_R), littleEndian(report, ReportLayout.SIGNATURE_S));
    }

    @Benchmark
    public boolean jdkSunEcP384() throws Exception {
        sunEc.initVerify(jdkKey);
        sunEc.update(report, 0, ReportLayout.SIGNED_LENGTH);
        return sunEc.verify(derSignature);
    }

    @Benchmark
    public boolean bouncyCastleJcaP384() throws Exception {
        bcJca.initVerify(jdkKey);
        bcJca.update(report, 0, ReportLayout.SIGNED_LENGTH);
        return bcJca.verify(derSignature);
    }
}
