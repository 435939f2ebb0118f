package dev.snpkm.server.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.store.JdbcNonceStore;
import dev.snpkm.server.testing.TestStores;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.sev.verify.ReportVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real gate over a real H2 file, the real ReportVerifier trusting the generated AMD hierarchy, and a policy file
 * with three policies: {@code prod-web} (wrapped only), {@code lab} (unwrapped allowed) and {@code strict} (wrapped
 * only, to a key of at least 192-bit security). All allow {@link #GOOD}.
 */
final class GateFixture implements AutoCloseable {
    static final byte[] GOOD = filled(48, 0x5C);
    static final byte[] OTHER = filled(48, 0x11);
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final ClientIdentity VM1 = client("vm-1", 'a');
    static final ClientIdentity VM2 = client("vm-2", 'b');
    /** The guest's ephemeral wrapping key (RSA-3072, as vm-unlock makes), generated once per JVM: it is slow. */
    static final byte[] RSA_SPKI = spki("RSA", 3072);

    /** A P-256 key (128-bit security), as kmip-unlock makes by default. */
    static final byte[] OTHER_SPKI = ecSpki("secp256r1");

    /** A P-384 key (192-bit security). */
    static final byte[] P384_SPKI = ecSpki("secp384r1");

    final Database db;
    final JdbcAuditLog auditLog;
    final MutableClock clock = new MutableClock(T0);
    final ReleasePolicyRegistry policies;
    final AttestedReleaseGate gate;
    /** The server's refusal aggregation, and a gate over the same store that records repeatable refusals through it. */
    final RefusalAudit refusals;

    final AttestedReleaseGate aggregating;

    GateFixture(Path dir, MeterRegistry meters) throws Exception {
        this(dir, meters, TestStores.open(dir.resolve("kms")), NonceKeys.fresh());
    }

    /** One node over {@code db} (closed with this fixture); nodes sharing a store share the nonce key. */
    GateFixture(Path dir, MeterRegistry meters, Database db, byte[] nonceKey) throws Exception {
        this.db = db;
        // Nodes sharing a store share the chain key, as they share the nonce key: both come from one master key.
        auditLog = new JdbcAuditLog(db, clock, AuditChainKey.derive(nonceKey));
        Path file = dir.resolve("policies.yaml");
        Files.writeString(file, policyYaml());
        policies = ReleasePolicyRegistry.load(file, clock);
        ReportVerifier verifier = ReportVerifier.builder()
                .roots(TestAmdHierarchy.get().rootStore())
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .build();
        gate = gate(db, meters, nonceKey, verifier).build();
        refusals = new RefusalAudit(auditLog, clock, RefusalAudit.DEFAULT_INTERVAL);
        aggregating = gate(db, meters, nonceKey, verifier).refusals(refusals).build();
    }

    private AttestedReleaseGate.Builder gate(
            Database db, MeterRegistry meters, byte[] nonceKey, ReportVerifier verifier) {
        return AttestedReleaseGate.builder()
                .nonces(new JdbcNonceStore(db))
                .verifier(verifier)
                .policies(policies)
                .auditor(new ReleaseAuditor(auditLog))
                .metrics(new ReleaseMetrics(meters))
                .clock(clock)
                .random(new SecureRandom())
                .nonceKey(nonceKey);
    }

    static String policyYaml() {
        String m = HexFormat.of().formatHex(GOOD);
        return "policies:\n"
                + "  prod-web:\n    measurements: [\"" + m + "\"]\n    allow-unwrapped-release: false\n"
                + "  lab:\n    measurements: [\"" + m + "\"]\n    allow-unwrapped-release: true\n"
                + "  strict:\n    measurements: [\"" + m + "\"]\n    minimum-wrapping-strength: 192\n";
    }

    static RequestHeader capable(boolean capable) {
        return RequestHeader.builder(KmipVersion.V2_1)
                .attestationCapable(capable)
                .build();
    }

    static RequestHeader withCredential(Credential.Attestation c) {
        return RequestHeader.builder(KmipVersion.V2_1)
                .attestationCapable(true)
                .credential(c)
                .build();
    }

    static ReleaseRequest first(ClientIdentity who, String uid, String policy, byte[] spki) {
        return new ReleaseRequest(who, Operation.GET, uid, policy, capable(true), spki);
    }

    static ReleaseRequest second(ClientIdentity who, String uid, String policy, Credential.Attestation c, byte[] spki) {
        return new ReleaseRequest(who, Operation.GET, uid, policy, withCredential(c), spki);
    }

    /** Step 1; fails the test unless the gate answers Attestation Required. */
    Nonce challenge(ClientIdentity who, String uid, String policy, byte[] spki) {
        ReleaseDecision d = gate.decide(first(who, uid, policy, spki));
        assertThat(d).isInstanceOf(ReleaseDecision.ChallengeRequired.class);
        return ((ReleaseDecision.ChallengeRequired) d).nonce();
    }

    /** What an honest guest sends: a VCEK-signed Genoa report whose REPORT_DATA binds the nonce and the key. */
    static Credential.Attestation evidence(Nonce nonce, byte[] boundSpki, UnaryOperator<SnpReportBuilder> tweak) {
        SnpReportBuilder b = new SnpReportBuilder()
                .measurement(GOOD)
                .reportData(guestReportData(nonce.value().toByteArray(), boundSpki));
        TestEvidence e = TestEvidence.generate(tweak.apply(b), SigningKey.VCEK);
        return new Credential.Attestation(
                nonce, EnumCode.of(AttestationType.SEV_SNP_REPORT), Bytes.of(e.report()), Bytes.of(e.certTable()));
    }

    /** The guest side of the binding, written out here independently of ReportDataBinding. */
    static byte[] guestReportData(byte[] nonceValue, byte[] spki) {
        try {
            var sha512 = java.security.MessageDigest.getInstance("SHA-512");
            sha512.update("KMIP-SNP-RELEASE-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha512.update(nonceValue);
            sha512.update(
                    spki == null
                            ? new byte[32]
                            : java.security.MessageDigest.getInstance("SHA-256").digest(spki));
            return sha512.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static ClientIdentity client(String cn, char fp) {
        return new ClientIdentity(
                "CN=" + cn + ",O=tenant", Optional.of(cn), String.valueOf(fp).repeat(64));
    }

    private static byte[] spki(String alg, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            g.initialize(bits);
            return g.generateKeyPair().getPublic().getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ecSpki(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair().getPublic().getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
