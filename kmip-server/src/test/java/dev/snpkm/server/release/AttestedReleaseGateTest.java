package dev.snpkm.server.release;

import static dev.snpkm.server.release.GateFixture.GOOD;
import static dev.snpkm.server.release.GateFixture.OTHER;
import static dev.snpkm.server.release.GateFixture.OTHER_SPKI;
import static dev.snpkm.server.release.GateFixture.P384_SPKI;
import static dev.snpkm.server.release.GateFixture.RSA_SPKI;
import static dev.snpkm.server.release.GateFixture.T0;
import static dev.snpkm.server.release.GateFixture.VM1;
import static dev.snpkm.server.release.GateFixture.VM2;
import static dev.snpkm.server.release.GateFixture.capable;
import static dev.snpkm.server.release.GateFixture.evidence;
import static dev.snpkm.server.release.GateFixture.second;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.server.audit.AuditChainVerifier;
import dev.snpkm.sev.report.ReportLayout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestedReleaseGateTest {
    @TempDir
    Path dir;

    SimpleMeterRegistry meters;
    GateFixture f;

    @BeforeEach
    void open() throws Exception {
        meters = new SimpleMeterRegistry();
        f = new GateFixture(dir, meters);
    }

    @AfterEach
    void chainStaysIntactAndClose() {
        assertThat(new AuditChainVerifier(f.auditLog).verify().intact()).isTrue();
        f.close();
    }

    // ---- step 1 ------------------------------------------------------------------------------------------------

    @Test
    void attestationCapableClientGetsAStatelessNonceCountedButNeitherStoredNorAudited() throws Exception {
        ReleaseDecision d = f.gate.decide(GateFixture.first(VM1, "uid-1", "prod-web", RSA_SPKI));

        assertThat(d).isInstanceOf(ReleaseDecision.ChallengeRequired.class);
        ReleaseDecision.ChallengeRequired c = (ReleaseDecision.ChallengeRequired) d;
        assertThat(c.acceptedTypes()).containsExactly(EnumCode.of(AttestationType.SEV_SNP_REPORT));
        assertThat(c.nonce().value().length()).isEqualTo(32);
        assertThat(c.nonce().id().length()).isEqualTo(25);
        assertThat(StatelessNonces.expiry(c.nonce().id().toByteArray())).isEqualTo(T0.plusSeconds(60));
        assertThat(count("SELECT COUNT(*) FROM attestation_nonce")).isZero();
        assertThat(count("SELECT COUNT(*) FROM audit_record")).isZero();
        assertCount("prod-web", "challenged", "ATTESTATION_REQUIRED", 1);
    }

    @Test
    void aConsumedNonceIsRecordedOnlyAsAHashWithItsBindingAndExpiry() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        f.clock.advance(java.time.Duration.ofSeconds(5));
        assertThat(f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);

        Map<String, Object> row = nonceRow(n);
        assertThat((byte[]) row.get("VALUE_SHA256"))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(n.value().toByteArray()));
        assertThat(row.get("CLIENT_IDENTITY")).isEqualTo(VM1.sha256Fingerprint());
        assertThat(row.get("OBJECT_UID")).isEqualTo("uid-1");
        assertThat(((OffsetDateTime) row.get("EXPIRES_AT")).toInstant()).isEqualTo(T0.plusSeconds(60));
        assertThat(row.get("USED")).isEqualTo(true);
        assertThat(lastAudit().get("DETAIL").toString())
                .doesNotContainIgnoringCase(n.value().hex());
    }

    @Test
    void twoChallengesNeverShareANonce() {
        Nonce a = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Nonce b = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.value()).isNotEqualTo(b.value());
    }

    @Test
    void clientThatCannotAttestIsDeniedWithoutANonce() throws Exception {
        ReleaseDecision d = f.gate.decide(
                new ReleaseRequest(VM1, Operation.GET, "uid-1", "prod-web", GateFixture.capable(false), RSA_SPKI));

        assertDenied(d, ResultReason.PERMISSION_DENIED, "not attestation-capable");
        assertThat(count("SELECT COUNT(*) FROM attestation_nonce")).isZero();
        assertAudit("denied", "NOT_ATTESTATION_CAPABLE", "prod-web");
        assertCount("prod-web", "denied", "NOT_ATTESTATION_CAPABLE", 1);
    }

    @Test
    void unknownPolicyIsPermissionDeniedBeforeAnyNonceIsIssued() throws Exception {
        ReleaseDecision d = f.gate.decide(GateFixture.first(VM1, "uid-1", "no-such-policy", RSA_SPKI));

        assertDenied(d, ResultReason.PERMISSION_DENIED, "release policy 'no-such-policy'");
        assertThat(count("SELECT COUNT(*) FROM attestation_nonce")).isZero();
        assertAudit("denied", "UNKNOWN_POLICY", "no-such-policy");
        assertCount("unknown", "denied", "UNKNOWN_POLICY", 1); // label bounded: never the attribute's text
    }

    @Test
    void aWrapOnlyPolicyChallengesAGetWithoutAWrappingKeyAndRefusesTheUnwrappedAnswer() throws Exception {
        // Round 1 names no key yet (the client registers it in round 2, beside the evidence); round 2 must.
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", null);

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, null, b -> b), null));

        assertDenied(d, ResultReason.PERMISSION_DENIED, "only wrapped");
        assertCount("prod-web", "denied", "WRAPPING_REQUIRED", 1);
        // The nonce was its rightful client's: consumed, so the same nonce cannot be retried with a key.
        assertThat(f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.Denied.class);
        assertCount("prod-web", "denied", "NONCE_ALREADY_USED", 1);
    }

    // ---- step 2: success -----------------------------------------------------------------------------------------

    @Test
    void wrappedReleaseSucceedsWhenTheReportBindsTheNonceAndTheWrappingKey() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI));

        assertThat(d).isEqualTo(new ReleaseDecision.Release("prod-web", false));
        Map<String, Object> audit = assertAudit("released", "NONE", "prod-web");
        assertThat(audit.get("MEASUREMENT")).isEqualTo(HexFormat.of().formatHex(GOOD));
        assertThat((String) audit.get("CHIP_ID")).hasSize(128).startsWith("a1a2"); // Genoa test chip id
        assertThat((String) audit.get("REPORTED_TCB")).startsWith("0x").contains("snp=23");
        assertThat(audit.get("ACTOR").toString()).contains("CN=vm-1").contains(VM1.sha256Fingerprint());
        assertThat(audit.get("OBJECT_UID")).isEqualTo("uid-1");
        assertThat(nonceRow(n).get("USED")).isEqualTo(true);
        assertCount("prod-web", "released", "NONE", 1);
        assertThat(meters.get("kmip.attestation.verification")
                        .tag("outcome", "accepted")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void unwrappedReleaseSucceedsWhereThePolicyAllowsItAndReportDataBindsNoKey() {
        Nonce n = f.challenge(VM1, "uid-2", "lab", null);

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-2", "lab", evidence(n, null, b -> b), null));

        assertThat(d).isEqualTo(new ReleaseDecision.Release("lab", true));
        assertCount("lab", "released", "NONE", 1);
    }

    // ---- step 2: refusals ----------------------------------------------------------------------------------------

    @Test
    void otherAttestationTypeFailsNamingTheType() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation good = evidence(n, RSA_SPKI, b -> b);
        Credential.Attestation tpm = new Credential.Attestation(
                n, EnumCode.of(AttestationType.TPM_QUOTE), good.measurement(), good.assertion());

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", tpm, RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "attestation type TPM_QUOTE");
        assertAudit("denied", "WRONG_ATTESTATION_TYPE", "prod-web");
        assertCount("prod-web", "denied", "WRONG_ATTESTATION_TYPE", 1);
        assertThat(nonceRow(n).get("USED")).isEqualTo(true); // a presented nonce is burnt whatever else failed
    }

    @Test
    void replayedNonceFailsEvenWithTheEvidenceThatWasJustAccepted() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation c = evidence(n, RSA_SPKI, b -> b);
        assertThat(f.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);

        ReleaseDecision replay = f.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI));

        assertDenied(replay, ResultReason.ATTESTATION_FAILED, "already used");
        assertAudit("denied", "NONCE_ALREADY_USED", "prod-web");
        assertCount("prod-web", "denied", "NONCE_ALREADY_USED", 1);
    }

    /**
     * Refusals any client can repeat at will (a nonce issued to another client, a replay, a client that cannot attest)
     * are each counted but recorded once per client and interval when the server's refusal aggregation is wired: a
     * flood of them is not a flood of durable audit records (600 requests were 600 records before).
     */
    @Test
    void repeatableRefusalsAreRecordedOnceAndCountedEachTime() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation c = evidence(n, RSA_SPKI, b -> b);
        long before = f.auditLog.head().seq();

        for (int i = 0; i < 200; i++) {
            assertDenied(
                    f.aggregating.decide(second(VM2, "uid-1", "prod-web", c, RSA_SPKI)),
                    ResultReason.ATTESTATION_FAILED,
                    "not issued to this client");
        }
        assertThat(f.aggregating.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI)))
                .as("the rightful client, after the stranger's attempts")
                .isInstanceOf(ReleaseDecision.Release.class);
        for (int i = 0; i < 200; i++) {
            assertDenied(
                    f.aggregating.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI)),
                    ResultReason.ATTESTATION_FAILED,
                    "already used");
        }
        for (int i = 0; i < 200; i++) {
            assertThat(f.aggregating.decide(
                            new ReleaseRequest(VM2, Operation.GET, "uid-1", "prod-web", capable(false), RSA_SPKI)))
                    .isInstanceOf(ReleaseDecision.Denied.class);
        }

        assertThat(f.auditLog.head().seq() - before)
                .as("one record per kind and client, and the release's own")
                .isEqualTo(4);
        assertCount("prod-web", "denied", "NONCE_MISMATCH", 200);
        assertCount("prod-web", "denied", "NONCE_ALREADY_USED", 200);
        assertCount("prod-web", "denied", "NOT_ATTESTATION_CAPABLE", 200);
        f.refusals.flushAll();
        assertThat(f.auditLog.head().seq() - before)
                .as("and one count per kind and client")
                .isEqualTo(7);
    }

    @Test
    void nonceOlderThanItsTtlFailsAsExpired() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation c = evidence(n, RSA_SPKI, b -> b);
        f.clock.advance(Duration.ofSeconds(61));

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "expired");
        assertAudit("denied", "NONCE_EXPIRED", "prod-web");
        assertCount("prod-web", "denied", "NONCE_EXPIRED", 1);
    }

    @Test
    void nonceIssuedForAnotherObjectFails() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);

        ReleaseDecision d =
                f.gate.decide(second(VM1, "uid-OTHER", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "for this object");
        assertAudit("denied", "NONCE_MISMATCH", "prod-web");
        assertCount("prod-web", "denied", "NONCE_MISMATCH", 1);
    }

    @Test
    void nonceIssuedToAnotherClientFails() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);

        ReleaseDecision d = f.gate.decide(second(VM2, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "not issued to this client");
        assertAudit("denied", "NONCE_MISMATCH", "prod-web");
        assertCount("prod-web", "denied", "NONCE_MISMATCH", 1);
        // The rightful client can still use it: a stranger's attempt does not burn it.
        assertThat(f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);
    }

    @Test
    void nonceWithAForgedValueFails() {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Nonce forged = new Nonce(n.id(), dev.snpkm.kmip.types.Bytes.of(new byte[32]));

        ReleaseDecision d =
                f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(forged, RSA_SPKI, b -> b), RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "or was altered");
        assertCount("prod-web", "denied", "NONCE_MISMATCH", 1);
        // Nor does a forgery burn the real nonce.
        assertThat(f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);
    }

    @Test
    void reportOfADebuggableGuestFailsNamingDebugEnabled() throws Exception {
        assertVerifierRefusal(b -> b.policy(0x30000L | 1L << 19), "DEBUG_ENABLED");
    }

    @Test
    void reportWithAMeasurementThePolicyDoesNotListFails() throws Exception {
        assertVerifierRefusal(b -> b.measurement(OTHER), "MEASUREMENT_NOT_ALLOWED");
        assertThat(lastAudit().get("MEASUREMENT")).isEqualTo(HexFormat.of().formatHex(OTHER));
    }

    @Test
    void reportBindingAnotherPublicKeyFails() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, OTHER_SPKI, b -> b), RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "attestation failed: REPORT_DATA_MISMATCH");
        assertAudit("denied", "REPORT_DATA_MISMATCH", "prod-web");
        assertCount("prod-web", "denied", "REPORT_DATA_MISMATCH", 1);
    }

    @Test
    void reportBindingNoKeyFailsWhenTheKeyIsToBeWrapped() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "lab", RSA_SPKI);

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "lab", evidence(n, null, b -> b), RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "REPORT_DATA_MISMATCH");
        assertCount("lab", "denied", "REPORT_DATA_MISMATCH", 1);
    }

    @Test
    void reportWithATamperedSignatureFails() throws Exception {
        assertVerifierRefusal(b -> b.poke(ReportLayout.SIGNATURE_R, (byte) 0x01, (byte) 0x02), "SIGNATURE_INVALID");
    }

    @Test
    void everyFailedCheckIsNamedInTheMessage() {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);

        ReleaseDecision d = f.gate.decide(second(
                VM1,
                "uid-1",
                "prod-web",
                evidence(n, RSA_SPKI, b -> b.measurement(OTHER).policy(0x30000L | 1L << 19)),
                RSA_SPKI));

        assertThat(((ReleaseDecision.Denied) d).message())
                .startsWith("attestation failed: ")
                .contains("MEASUREMENT_NOT_ALLOWED")
                .contains("DEBUG_ENABLED");
    }

    @Test
    void unwrappedSecondStepForAWrapOnlyPolicyIsDeniedEvenWithGoodEvidence() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, null, b -> b), null));

        assertDenied(d, ResultReason.PERMISSION_DENIED, "only wrapped");
        assertCount("prod-web", "denied", "WRAPPING_REQUIRED", 1);
    }

    @Test
    void aPolicyAskingFor192BitWrapsRefusesP256AndRsa3072AndReleasesToP384() throws Exception {
        Nonce weak = f.challenge(VM1, "uid-1", "strict", OTHER_SPKI);
        ReleaseDecision d =
                f.gate.decide(second(VM1, "uid-1", "strict", evidence(weak, OTHER_SPKI, b -> b), OTHER_SPKI));

        assertDenied(d, ResultReason.PERMISSION_DENIED, "at least 192-bit security");
        assertThat(((ReleaseDecision.Denied) d).message()).contains("EC P-256 (128-bit security)");
        assertAudit("denied", "WRAPPING_TOO_WEAK", "strict");
        assertCount("strict", "denied", "WRAPPING_TOO_WEAK", 1);

        Nonce rsa = f.challenge(VM1, "uid-1", "strict", RSA_SPKI);
        assertDenied(
                f.gate.decide(second(VM1, "uid-1", "strict", evidence(rsa, RSA_SPKI, b -> b), RSA_SPKI)),
                ResultReason.PERMISSION_DENIED,
                "RSA-3072 (128-bit security)");
        assertCount("strict", "denied", "WRAPPING_TOO_WEAK", 2);

        Nonce strong = f.challenge(VM1, "uid-1", "strict", P384_SPKI);
        assertThat(f.gate.decide(second(VM1, "uid-1", "strict", evidence(strong, P384_SPKI, b -> b), P384_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);
        assertCount("strict", "released", "NONE", 1);
    }

    @Test
    void theDefaultPolicyReleasesToAP256Key() {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", OTHER_SPKI);
        assertThat(f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, OTHER_SPKI, b -> b), OTHER_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);
    }

    @Test
    void credentialWithoutAReportFails() {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation empty =
                new Credential.Attestation(n, EnumCode.of(AttestationType.SEV_SNP_REPORT), null, null);

        assertDenied(
                f.gate.decide(second(VM1, "uid-1", "prod-web", empty, RSA_SPKI)),
                ResultReason.ATTESTATION_FAILED,
                "no SEV-SNP report");
    }

    @Test
    void policyRemovedBetweenTheStepsIsPermissionDenied() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        java.nio.file.Files.writeString(f.policies.file().orElseThrow(), "policies:\n  lab:\n    measurements: []\n");
        assertThat(f.policies.reload().applied()).isTrue();

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI));

        assertDenied(d, ResultReason.PERMISSION_DENIED, "does not have");
        assertCount("unknown", "denied", "UNKNOWN_POLICY", 1);
    }

    // ---- audit -----------------------------------------------------------------------------------------------

    @Test
    void everyDecisionIsAuditedAndAnEditedAuditRowIsDetected() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b.measurement(OTHER)), RSA_SPKI));
        Nonce n2 = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n2, RSA_SPKI, b -> b), RSA_SPKI));

        // Two step-2 decisions audited; the two challenges are counted, not audited.
        assertThat(count("SELECT COUNT(*) FROM audit_record")).isEqualTo(2);
        assertThat(new AuditChainVerifier(f.auditLog).verify().recordsChecked()).isEqualTo(2);

        // An insider turns the refusal into a release after the fact.
        exec("UPDATE audit_record SET outcome = 'released', reason = 'NONE' WHERE seq = 1");
        AuditChainVerifier.Report report = new AuditChainVerifier(f.auditLog).verify();
        assertThat(report.intact()).isFalse();
        assertThat(report.firstBrokenSeq()).hasValue(1);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.summary()).contains("BROKEN at record 1");
        exec("UPDATE audit_record SET outcome = 'denied', reason = 'MEASUREMENT_NOT_ALLOWED' WHERE seq = 1");
    }

    @Test
    void editingOnlyAReleaseFactColumnBreaksTheChain() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI));
        String measurement = (String) lastAudit().get("MEASUREMENT");

        exec("UPDATE audit_record SET measurement = '" + "00".repeat(48) + "' WHERE seq = 1");
        assertThat(new AuditChainVerifier(f.auditLog).verify().firstBrokenSeq()).hasValue(1);
        exec("UPDATE audit_record SET measurement = '" + measurement + "' WHERE seq = 1");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void assertVerifierRefusal(UnaryOperator<dev.snpkm.sev.testing.SnpReportBuilder> tweak, String code)
            throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);

        ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, tweak), RSA_SPKI));

        assertDenied(d, ResultReason.ATTESTATION_FAILED, "attestation failed: " + code);
        Map<String, Object> audit = assertAudit("denied", code, "prod-web");
        assertThat(audit.get("DETAIL").toString()).contains(code);
        assertCount("prod-web", "denied", code, 1);
        assertThat(meters.get("kmip.attestation.verification")
                        .tag("outcome", "refused")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    private static void assertDenied(ReleaseDecision d, ResultReason reason, String messagePart) {
        assertThat(d).isInstanceOf(ReleaseDecision.Denied.class);
        ReleaseDecision.Denied denied = (ReleaseDecision.Denied) d;
        assertThat(denied.reason()).isEqualTo(reason);
        assertThat(denied.message()).contains(messagePart);
    }

    private Map<String, Object> assertAudit(String outcome, String reason, String policy) throws Exception {
        Map<String, Object> row = lastAudit();
        assertThat(row.get("OUTCOME")).isEqualTo(outcome);
        assertThat(row.get("REASON")).isEqualTo(reason);
        assertThat(row.get("POLICY")).isEqualTo(policy);
        assertThat(row.get("ACTION")).isEqualTo("GET");
        return row;
    }

    private void assertCount(String policy, String result, String reason, double expected) {
        Counter c = meters.find("kmip.key.releases")
                .tags("policy", policy, "result", result, "reason", reason)
                .counter();
        assertThat(c).as("counter %s/%s/%s", policy, result, reason).isNotNull();
        assertThat(c.count()).isEqualTo(expected);
    }

    private Map<String, Object> lastAudit() throws Exception {
        return row("SELECT * FROM audit_record ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
    }

    private Map<String, Object> nonceRow(Nonce n) throws Exception {
        return row("SELECT * FROM attestation_nonce WHERE nonce_id = '"
                + HexFormat.of().formatHex(n.id().toByteArray()) + "'");
    }

    private Map<String, Object> row(String sql) throws Exception {
        try (Connection c = f.db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("a row for %s", sql).isTrue();
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = rs.getObject(i);
                // PostgreSQL's driver answers a timestamptz with a java.sql.Timestamp unless asked for java.time.
                out.put(
                        rs.getMetaData().getColumnLabel(i).toUpperCase(java.util.Locale.ROOT),
                        value instanceof java.sql.Timestamp ? rs.getObject(i, OffsetDateTime.class) : value);
            }
            return out;
        }
    }

    private long count(String sql) throws Exception {
        return ((Number) row(sql).values().iterator().next()).longValue();
    }

    private void exec(String sql) throws Exception {
        try (Connection c = f.db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
