package dev.snpkm.server.release;

import dev.snpkm.server.store.NonceStore.NonceCheck;

/**
 * Why the gate answered as it did, when the answer is not a verifier failure: a bounded set of codes for the
 * {@code reason} of audit records and of {@code kmip_key_releases_total}. (Verifier refusals use the first
 * FailureCode's name instead.)
 */
public enum GateReason {
    NONE,
    ATTESTATION_REQUIRED,
    NOT_ATTESTATION_CAPABLE,
    UNKNOWN_POLICY,
    WRAPPING_REQUIRED,
    /** The key named to wrap the release to is weaker than the policy's minimum-wrapping-strength. */
    WRAPPING_TOO_WEAK,
    WRONG_ATTESTATION_TYPE,
    EVIDENCE_MISSING,
    NONCE_UNKNOWN,
    NONCE_ALREADY_USED,
    NONCE_EXPIRED,
    /** The nonce's MAC does not match this client and object (another client's or object's nonce, or forged). */
    NONCE_MISMATCH,
    STORE_UNAVAILABLE,
    /** Another road to a bound object's material (not an attested Get), refused by the operation handler. */
    ROUTE_REFUSED,
    VERIFIER_ERROR;

    static GateReason of(NonceCheck check) {
        return switch (check) {
            case UNKNOWN -> NONCE_UNKNOWN;
            case ALREADY_USED -> NONCE_ALREADY_USED;
            case EXPIRED -> NONCE_EXPIRED;
            case MISMATCH -> NONCE_MISMATCH;
            case ACCEPTED -> NONE;
        };
    }
}
