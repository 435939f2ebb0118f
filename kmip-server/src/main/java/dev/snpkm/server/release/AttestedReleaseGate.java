package dev.snpkm.server.release;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.release.ReportDataBinding;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.audit.ReleaseAuditEntry;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.policy.NamedReleasePolicy;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.store.ConsumedNonce;
import dev.snpkm.server.store.NonceStore;
import dev.snpkm.server.store.NonceStore.NonceCheck;
import dev.snpkm.server.wrap.WrappingStrength;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.Verdict;
import dev.snpkm.sev.verify.ReportVerifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SEV-SNP attestation gate (docs/ARCHITECTURE.md "The attested release"; KMIP 1.4 §11.1,
 * KMIP Usage Guide 2.1 §3.58).
 *
 * <p>Step 1, no Attestation credential: an attestation-capable client gets a fresh nonce bound to its certificate and
 * the object, with an expiry (Attestation Required); any other client gets Permission Denied. The nonce is stateless
 * ({@link StatelessNonces}): issuing it writes nothing and it is counted in {@code kmip_key_releases_total}
 * {result=challenged}, not audited. Step 2, with the credential: the nonce must authenticate for this client and
 * object and not have expired; it is then consumed (recorded under its id, single use on every node sharing the
 * store), and the report must verify against the object's named policy with REPORT_DATA =
 * {@link ReportDataBinding#reportData}(nonce, wrapping key). Only then is the answer {@link ReleaseDecision.Release}.
 *
 * <p>Deny by default: any failure to decide (store or audit unavailable, verifier error) is a denial. Every step-2
 * decision and every denial is appended to the audit log before it is returned, in the same commit as the nonce's
 * consumption (see {@link NonceStore#decision}), and counted. Nonce values and REPORT_DATA are never logged nor
 * audited. Thread-safe.
 */
public final class AttestedReleaseGate implements KeyReleaseGate {
    private static final Logger LOG = LoggerFactory.getLogger(AttestedReleaseGate.class);
    static final EnumCode<AttestationType> SEV_SNP = EnumCode.of(AttestationType.SEV_SNP_REPORT);
    public static final Duration DEFAULT_NONCE_TTL = Duration.ofSeconds(60);

    private final NonceStore nonces;
    private final StatelessNonces nonceMinter;
    private final ReportVerifier verifier;
    private final ReleasePolicyRegistry policies;
    private final ReleaseAuditor auditor;
    private final ReleaseMetrics metrics;
    private final Clock clock;
    /**
     * Where refusals that any client can repeat at will go (a nonce that does not authenticate, a replay, a client that
     * cannot attest): one record at once, then one count per client and interval, not a durable record per request. Null
     * when not wired: every refusal is then its own record.
     */
    private final @Nullable RefusalAudit refusals;

    /** The reasons of those refusals. */
    private static final Set<String> REPEATABLE = Stream.of(
                    GateReason.NOT_ATTESTATION_CAPABLE,
                    GateReason.NONCE_ALREADY_USED,
                    GateReason.NONCE_MISMATCH,
                    GateReason.NONCE_EXPIRED,
                    GateReason.NONCE_UNKNOWN)
            .map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    /** The decision plus what the audit record and the counter need to say about it. */
    private record Outcome(
            ReleaseDecision decision,
            ReleaseMetrics.Result result,
            String reason,
            Optional<AttestationReport> report,
            Optional<ProductLine> product,
            String detail) {
        static Outcome denied(ResultReason kmipReason, GateReason why, String message) {
            return new Outcome(
                    new ReleaseDecision.Denied(kmipReason, message),
                    ReleaseMetrics.Result.DENIED,
                    why.name(),
                    Optional.empty(),
                    Optional.empty(),
                    message);
        }
    }

    private AttestedReleaseGate(Builder b) {
        this.nonces = Objects.requireNonNull(b.nonces, "nonces");
        this.verifier = Objects.requireNonNull(b.verifier, "verifier");
        this.policies = Objects.requireNonNull(b.policies, "policies");
        this.auditor = Objects.requireNonNull(b.auditor, "auditor");
        this.metrics = Objects.requireNonNull(b.metrics, "metrics");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.refusals = b.refusals;
        if (b.nonceKey == null) {
            throw new NullPointerException("nonceKey (derive it with MasterKey.deriveKey(StatelessNonces.KEY_LABEL))");
        }
        this.nonceMinter = new StatelessNonces(b.nonceKey, b.random, clock, b.nonceTtl);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Exports, at 0, the release series a dashboard reads for every policy now loaded: released and challenged
     * (the outcomes every bound key meets). Denials appear with their first reason.
     */
    public void declarePolicySeries() {
        for (var p : policies.list()) {
            metrics.declare(p.name(), ReleaseMetrics.Result.RELEASED, GateReason.NONE.name());
            metrics.declare(p.name(), ReleaseMetrics.Result.CHALLENGED, GateReason.ATTESTATION_REQUIRED.name());
        }
    }

    @Override
    public boolean hasPolicy(String policyName) {
        return policies.find(policyName).isPresent();
    }

    @Override
    public ReleaseDecision decide(ReleaseRequest request) {
        Optional<NamedReleasePolicy> policy = policies.find(request.policyName());
        Optional<Credential.Attestation> credential = request.header().attestationCredential();
        if (credential.isEmpty()) {
            Outcome o = challenge(request, policy);
            if (o.result() != ReleaseMetrics.Result.CHALLENGED) {
                return repeatable(o) ? aggregated(request, policy, o) : account(request, policy, o); // audited
            }
            // A challenge writes nothing: the nonce is stateless. It is counted, not audited.
            metrics.decision(policyLabel(policy), o.result(), o.reason());
            return o.decision();
        }
        // A nonce that does not authenticate for this client and object is refused before any transaction: checking it
        // needs no store, and it is repeatable at will by anyone (a flood of forged nonces must not be a flood of
        // durable records).
        NonceCheck stateless = nonceMinter.check(
                credential.get().nonce(), clientBinding(request), request.objectUid(), clock.instant());
        if (stateless != NonceCheck.ACCEPTED && refusals != null) {
            return aggregated(request, policy, nonceRefused(stateless));
        }
        Outcome outcome;
        try {
            // One commit: the nonce's consumption becomes durable together with the decision's audit record, or
            // neither does. The decision is returned only after that commit.
            outcome = nonces.decision(() -> {
                Outcome o = attested(request, credential.get(), policy, stateless);
                if (o.result() == ReleaseMetrics.Result.RELEASED) {
                    request.onRelease().run(); // the handler's own writes, in this commit
                }
                if (!repeatable(o)) {
                    audit(request, o);
                }
                return o;
            });
        } catch (RuntimeException e) {
            // StoreException and anything unexpected (nothing of this decision was committed): refuse, and say
            // nothing internal to the client.
            LOG.error("event=release_undecided object={} error=\"{}\"", request.objectUid(), e.toString());
            return account(
                    request,
                    policy,
                    Outcome.denied(
                            ResultReason.PERMISSION_DENIED,
                            GateReason.STORE_UNAVAILABLE,
                            "the key server cannot decide on this release right now; try again " + "later"));
        }
        if (repeatable(outcome)) {
            return aggregated(request, policy, outcome); // a replay: recorded after the (empty) commit
        }
        metrics.decision(policyLabel(policy), outcome.result(), outcome.reason());
        return outcome.decision();
    }

    /** Refusals a client can repeat at will, recorded through {@link #refusals} when it is wired. */
    private boolean repeatable(Outcome o) {
        return refusals != null && REPEATABLE.contains(o.reason());
    }

    /** Counted like any decision; recorded once, then counted per client and interval ({@link RefusalAudit}). */
    private ReleaseDecision aggregated(ReleaseRequest request, Optional<NamedReleasePolicy> policy, Outcome o) {
        Objects.requireNonNull(refusals, "refusals")
                .refused(
                        ReleaseAuditor.actor(request.client()),
                        "release-"
                                + o.reason().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        request.objectUid(),
                        o.reason() + " (policy " + policyLabel(policy) + "): " + o.detail());
        metrics.decision(policyLabel(policy), o.result(), o.reason());
        return o.decision();
    }

    private static Outcome nonceRefused(NonceCheck check) {
        return Outcome.denied(
                ResultReason.ATTESTATION_FAILED,
                GateReason.of(check),
                "attestation failed: nonce " + nonceProblem(check));
    }

    @Override
    public void recordRefusal(ReleaseRequest request, String message) {
        account(
                request,
                policies.find(request.policyName()),
                Outcome.denied(ResultReason.PERMISSION_DENIED, GateReason.ROUTE_REFUSED, message));
    }

    private Outcome challenge(ReleaseRequest request, Optional<NamedReleasePolicy> policy) {
        if (policy.isEmpty()) {
            return unknownPolicy(request); // no nonce for a release that no evidence could win
        }
        // A policy that releases only wrapped still challenges a Get without a wrapping key: the client names its
        // ephemeral key in round 2, beside the evidence that binds it (WRAPPING_REQUIRED is judged there).
        if (!request.header().isAttestationCapable()) {
            // KMIP 1.4 §11.1: attestation needed but the client cannot attest → Permission Denied, no nonce.
            return Outcome.denied(
                    ResultReason.PERMISSION_DENIED,
                    GateReason.NOT_ATTESTATION_CAPABLE,
                    "object " + request.objectUid() + " is bound to attestation policy '" + request.policyName()
                            + "' and released only to attested SEV-SNP guests; this client is not "
                            + "attestation-capable: resend with Attestation Capable Indicator = true");
        }
        Nonce nonce = nonceMinter.issue(clientBinding(request), request.objectUid());
        return new Outcome(
                new ReleaseDecision.ChallengeRequired(nonce, List.of(SEV_SNP)),
                ReleaseMetrics.Result.CHALLENGED,
                GateReason.ATTESTATION_REQUIRED.name(),
                Optional.empty(),
                Optional.empty(),
                "nonce-id " + nonce.id().hex() + " issued"); // the id is public; the value is not
    }

    /** @param check the nonce's stateless check (its MAC, binding and expiry), made once by {@link #decide} */
    private Outcome attested(
            ReleaseRequest request,
            Credential.Attestation credential,
            Optional<NamedReleasePolicy> policy,
            NonceCheck check) {
        // Consume the nonce first: once its rightful client presents it, it is never good again, whatever else is
        // wrong. A nonce that does not authenticate for this client and object is refused without being recorded,
        // so nobody can burn a nonce issued to someone else.
        if (check == NonceCheck.ACCEPTED && !nonces.markUsed(consumed(request, credential.nonce()))) {
            check = NonceCheck.ALREADY_USED;
        }
        if (check != NonceCheck.ACCEPTED) {
            return nonceRefused(check);
        }
        if (!credential.attestationType().equals(SEV_SNP)) {
            return Outcome.denied(
                    ResultReason.ATTESTATION_FAILED,
                    GateReason.WRONG_ATTESTATION_TYPE,
                    "attestation failed: attestation type " + credential.attestationType()
                            + " is not accepted; this server accepts only " + SEV_SNP + " (0x80000001)");
        }
        Optional<Outcome> refused = policyRefusal(request, policy);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (credential.measurement() == null) {
            return Outcome.denied(
                    ResultReason.ATTESTATION_FAILED,
                    GateReason.EVIDENCE_MISSING,
                    "attestation failed: no SEV-SNP report in Attestation Measurement");
        }
        byte[] spki = request.wrappingKeySpki();
        byte[] expected =
                ReportDataBinding.reportData(credential.nonce().value().toByteArray(), spki);
        NamedReleasePolicy p = policy.orElseThrow();
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = verifier.verify(
                    credential.measurement().toByteArray(),
                    credential.assertion() == null
                            ? null
                            : credential.assertion().toByteArray(),
                    expected,
                    p.evidence());
        } catch (RuntimeException e) {
            // The verifier reports bad evidence as failures; an exception is our bug or a broken VEK source.
            LOG.error("event=report_verifier_failed object={} error=\"{}\"", request.objectUid(), e.toString());
            return Outcome.denied(
                    ResultReason.ATTESTATION_FAILED,
                    GateReason.VERIFIER_ERROR,
                    "attestation failed: the report could not be verified");
        }
        metrics.verification(verdict.accepted(), Duration.ofNanos(System.nanoTime() - start));
        if (!verdict.accepted()) {
            String codes = verdict.failures().stream()
                    .map(f -> f.code().name())
                    .distinct()
                    .collect(Collectors.joining(", "));
            return new Outcome(
                    new ReleaseDecision.Denied(ResultReason.ATTESTATION_FAILED, "attestation failed: " + codes),
                    ReleaseMetrics.Result.DENIED,
                    verdict.failures().get(0).code().name(),
                    verdict.report(),
                    verdict.product(),
                    verdict.failures().stream().map(Failure::toString).collect(Collectors.joining("; ")));
        }
        return new Outcome(
                new ReleaseDecision.Release(p.name(), spki == null),
                ReleaseMetrics.Result.RELEASED,
                GateReason.NONE.name(),
                verdict.report(),
                verdict.product(),
                spki == null ? "released unwrapped (policy allows it)" : "released wrapped to the bound key");
    }

    /** Permission Denied, not Attestation Failed: no evidence can fix a server-side misconfiguration. */
    private static Outcome unknownPolicy(ReleaseRequest request) {
        return Outcome.denied(
                ResultReason.PERMISSION_DENIED,
                GateReason.UNKNOWN_POLICY,
                "object " + request.objectUid() + " is bound to release policy '" + request.policyName()
                        + "', which this server does not have; an administrator must add it to the policy file "
                        + "or rebind the key");
    }

    /** Refusals that depend only on the policy and the request: unknown policy, wrapping required or too weak. */
    private static Optional<Outcome> policyRefusal(ReleaseRequest request, Optional<NamedReleasePolicy> policy) {
        if (policy.isEmpty()) {
            return Optional.of(unknownPolicy(request));
        }
        if (request.wrappingKeySpki() == null && !policy.get().allowUnwrappedRelease()) {
            return Optional.of(Outcome.denied(
                    ResultReason.PERMISSION_DENIED,
                    GateReason.WRAPPING_REQUIRED,
                    "policy '" + policy.get().name() + "' releases object " + request.objectUid()
                            + " only wrapped; add a Key Wrapping Specification naming the guest's ephemeral public "
                            + "key"));
        }
        byte[] spki = request.wrappingKeySpki();
        if (spki != null) {
            WrappingStrength strength = WrappingStrength.of(spki);
            int least = policy.get().minimumWrappingBits();
            if (strength.bits() < least) {
                return Optional.of(Outcome.denied(
                        ResultReason.PERMISSION_DENIED,
                        GateReason.WRAPPING_TOO_WEAK,
                        "policy '" + policy.get().name() + "' releases object " + request.objectUid()
                                + " only wrapped to a key of at least " + least + "-bit security; the wrapping key is "
                                + strength.describe() + (least <= 192 ? "; wrap to EC P-384" : "")));
            }
        }
        return Optional.empty();
    }

    /** The row that makes this nonce single use; the id is public, only a hash of the value is kept. */
    private static ConsumedNonce consumed(ReleaseRequest request, Nonce nonce) {
        byte[] id = nonce.id().toByteArray();
        return new ConsumedNonce(
                HexFormat.of().formatHex(id),
                sha256(nonce.value().toByteArray()),
                clientBinding(request),
                request.objectUid(),
                StatelessNonces.expiry(id));
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String nonceProblem(NonceCheck check) {
        return switch (check) {
            case UNKNOWN -> "was not issued by this key manager; send the request without a credential for a new one";
            case ALREADY_USED -> "was already used (replay); nonces are single use";
            case EXPIRED -> "has expired; request a new one";
            case MISMATCH -> "was not issued to this client for this object (or was altered); request a new one";
            case ACCEPTED -> "accepted";
        };
    }

    /** The nonce is bound to the exact client certificate (its fingerprint), not merely to a name. */
    private static String clientBinding(ReleaseRequest request) {
        return request.client().sha256Fingerprint();
    }

    /** Audit then count; if the audit record cannot be written, nothing is released. */
    private ReleaseDecision account(ReleaseRequest request, Optional<NamedReleasePolicy> policy, Outcome outcome) {
        try {
            audit(request, outcome);
        } catch (RuntimeException e) {
            LOG.error(
                    "event=release_audit_failed object={} action=refused error=\"{}\"",
                    request.objectUid(),
                    e.toString());
            metrics.decision(policyLabel(policy), ReleaseMetrics.Result.DENIED, GateReason.STORE_UNAVAILABLE.name());
            return new ReleaseDecision.Denied(
                    ResultReason.PERMISSION_DENIED,
                    "the key server cannot record this release right now; try again later");
        }
        metrics.decision(policyLabel(policy), outcome.result(), outcome.reason());
        return outcome.decision();
    }

    private void audit(ReleaseRequest request, Outcome outcome) {
        auditor.record(new ReleaseAuditEntry(
                request.client(),
                request.operation().name(),
                request.objectUid(),
                request.policyName(),
                outcome.result().label(),
                outcome.reason(),
                outcome.report(),
                outcome.product(),
                outcome.detail()));
    }

    private static String policyLabel(Optional<NamedReleasePolicy> policy) {
        return policy.map(NamedReleasePolicy::name).orElse(ReleaseMetrics.UNKNOWN_POLICY);
    }

    /** Wires the gate; every collaborator is required except the clock, random source and nonce TTL. */
    public static final class Builder {
        private @Nullable NonceStore nonces;
        private @Nullable ReportVerifier verifier;
        private @Nullable ReleasePolicyRegistry policies;
        private @Nullable ReleaseAuditor auditor;
        private @Nullable ReleaseMetrics metrics;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private @Nullable RefusalAudit refusals;
        private Duration nonceTtl = DEFAULT_NONCE_TTL;
        private byte @Nullable [] nonceKey;

        private Builder() {}

        /**
         * The 32-byte key nonces are MACed with: the same on every node sharing the store, derived from the master key
         * with {@link StatelessNonces#KEY_LABEL}. Copied; the caller zeroes its array.
         */
        public Builder nonceKey(byte[] v) {
            nonceKey = v == null ? null : v.clone();
            return this;
        }

        public Builder nonces(NonceStore v) {
            nonces = v;
            return this;
        }

        /** One shared instance: it caches VCEK chains. */
        public Builder verifier(ReportVerifier v) {
            verifier = v;
            return this;
        }

        public Builder policies(ReleasePolicyRegistry v) {
            policies = v;
            return this;
        }

        public Builder auditor(ReleaseAuditor v) {
            auditor = v;
            return this;
        }

        public Builder metrics(ReleaseMetrics v) {
            metrics = v;
            return this;
        }

        /** The clock nonce expiry is judged by (the verifier has its own, for certificate validity). */
        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public Builder random(SecureRandom v) {
            random = v;
            return this;
        }

        public Builder nonceTtl(Duration v) {
            nonceTtl = v;
            return this;
        }

        /** Aggregates the refusals any client can repeat at will (the server's {@link RefusalAudit}); optional. */
        public Builder refusals(RefusalAudit v) {
            refusals = v;
            return this;
        }

        public AttestedReleaseGate build() {
            try {
                return new AttestedReleaseGate(this);
            } finally {
                if (nonceKey != null) {
                    java.util.Arrays.fill(nonceKey, (byte) 0);
                }
            }
        }
    }
}
