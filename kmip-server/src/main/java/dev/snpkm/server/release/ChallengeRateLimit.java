package dev.snpkm.server.release;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.ratelimit.KeyedRateLimiter;
import java.util.Objects;

/**
 * Limits how many attestation challenges (nonces) one client certificate is issued, in front of the gate. Without it
 * one read-only grantee asked for 68,021 nonces in 60 s without answering any (issue 14). A request that would be
 * challenged (attestation-capable, no credential yet) takes a token from the client's bucket; with none left it is
 * refused before the gate mints a nonce. Requests carrying evidence are not limited here: each consumes a nonce the
 * client was already issued, so they are bounded by the challenges.
 *
 * <p>Result Reason: 2.x "Server Limit Exceeded" (a limit of the server's that the request ran into); 1.x has no such
 * reason and gets "General Failure". Not Permission Denied: the client is allowed, just not this often, and a retry
 * later will do.
 */
public final class ChallengeRateLimit implements KeyReleaseGate {
    private final KeyReleaseGate gate;
    private final KeyedRateLimiter challenges;
    /** Audits each refusal, aggregated per client and minute so that a flood is one record, not a flood of them. */
    private final Accountability accountability;

    public ChallengeRateLimit(KeyReleaseGate gate, KeyedRateLimiter challenges, Accountability accountability) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.accountability = Objects.requireNonNull(accountability, "accountability");
    }

    @Override
    public ReleaseDecision decide(ReleaseRequest request) {
        boolean asksForChallenge = request.header().isAttestationCapable()
                && request.header().attestationCredential().isEmpty();
        if (asksForChallenge && !challenges.tryAcquire(request.client().sha256Fingerprint())) {
            ResultReason reason = request.header().protocolVersion().isTwoOrLater()
                    ? ResultReason.SERVER_LIMIT_EXCEEDED
                    : ResultReason.GENERAL_FAILURE;
            String message = String.format(
                    "rate limit exceeded: at most %.0f attestation challenges per minute per client certificate; "
                            + "retry later",
                    challenges.rate().perSecond() * 60);
            accountability.refused(request.client(), "rate-limited-challenges", request.objectUid(), message);
            return new ReleaseDecision.Denied(reason, message);
        }
        return gate.decide(request);
    }

    @Override
    public void recordRefusal(ReleaseRequest request, String message) {
        gate.recordRefusal(request, message);
    }

    /** The wrapped gate's policies: a rate limit must not make a binding to an unknown policy acceptable. */
    @Override
    public boolean hasPolicy(String policyName) {
        return gate.hasPolicy(policyName);
    }

    /** Challenges refused since start. */
    public long refused() {
        return challenges.refused();
    }
}
