package dev.snpkm.server.release;

/**
 * The attestation gate (docs/ARCHITECTURE.md "The attested release"): decides whether the material of an
 * attestation-bound object (one carrying {@code x-attestation-policy}) may leave the server for one request.
 *
 * <p>Security guarantee: every operation handler that could disclose or use a bound object's material asks the gate
 * first and discloses nothing unless the answer is {@link ReleaseDecision.Release}. Implementations record every
 * decision (release and denial) in the audit log and the release metrics. Thread-safe.
 */
public interface KeyReleaseGate {

    ReleaseDecision decide(ReleaseRequest request);

    /**
     * Records a refusal that a handler made without asking {@link #decide} (another road to a bound object's material:
     * Encrypt/Export with it, Re-key, a symmetric wrapping key, using it to wrap another key...), so that every denial
     * is audited and counted like the gate's own. Never changes the outcome: the handler refuses regardless.
     */
    default void recordRefusal(ReleaseRequest request, String message) {}

    /**
     * Whether {@code policyName} names a release policy this gate enforces, so a binding to a policy that does not
     * exist (a typo, a policy not yet loaded) is refused when it is made rather than discovered at boot time. A gate
     * without policies of its own (such as {@link #DENY_ALL}, which releases nothing anyway) does not judge names.
     */
    default boolean hasPolicy(String policyName) {
        return true;
    }

    /** Deny by default: the gate a server gets when no attestation verifier is configured. */
    KeyReleaseGate DENY_ALL = request -> new ReleaseDecision.Denied(
            dev.snpkm.kmip.enums.ResultReason.PERMISSION_DENIED,
            "object " + request.objectUid() + " is bound to attestation policy '" + request.policyName()
                    + "' but this server has no attestation verifier configured");
}
