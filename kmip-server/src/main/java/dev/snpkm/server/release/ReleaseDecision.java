package dev.snpkm.server.release;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.Nonce;
import java.util.List;
import java.util.Objects;

/** The gate's answer for one request. */
public sealed interface ReleaseDecision {

    /**
     * The evidence satisfied the policy: the handler may return the material, wrapped to the bound key, or unwrapped
     * only if {@code unwrappedAllowed} (the policy says so and REPORT_DATA bound no key).
     */
    record Release(String policyName, boolean unwrappedAllowed) implements ReleaseDecision {}

    /**
     * No Attestation credential yet and the client is attestation-capable: answer Result Reason Attestation Required
     * (0x14) and put this nonce and the accepted attestation types in the response header (KMIP 1.4 §11.1).
     */
    record ChallengeRequired(Nonce nonce, List<EnumCode<AttestationType>> acceptedTypes) implements ReleaseDecision {
        public ChallengeRequired {
            Objects.requireNonNull(nonce, "nonce");
            acceptedTypes = List.copyOf(acceptedTypes);
        }
    }

    /** Refused: Permission Denied (not attestation-capable, not allowed) or Attestation Failed (0x15), with why. */
    record Denied(ResultReason reason, String message) implements ReleaseDecision {
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
