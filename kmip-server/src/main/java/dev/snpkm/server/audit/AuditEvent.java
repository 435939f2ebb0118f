package dev.snpkm.server.audit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened, as the audit log records it. Never put key material, nonce values or private keys in any field.
 *
 * @param actor the client identity (or "system")
 * @param action e.g. "Get", "Create", "key-release"
 * @param objectUid the object acted on, or null
 * @param outcome e.g. "success", "denied"
 * @param detail free text: policy, measurement, reason
 * @param release the attested-release facts, or null for records that are not release decisions
 */
public record AuditEvent(
        String actor,
        String action,
        @Nullable String objectUid,
        String outcome,
        String detail,
        @Nullable ReleaseFacts release) {
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    /** A record that is not a release decision. */
    public AuditEvent(String actor, String action, @Nullable String objectUid, String outcome, String detail) {
        this(actor, action, objectUid, outcome, detail, null);
    }

    /**
     * The facts of one attested-release decision (schema V2). Each is null when the decision was made before it was
     * known (a challenge has no measurement yet). None of them is secret.
     *
     * @param policy the release policy named by the object
     * @param measurement MEASUREMENT of the presented report, hex
     * @param chipId CHIP_ID of the presented report, hex
     * @param reportedTcb REPORTED_TCB of the presented report, raw hex and decoded
     * @param reason a bounded code (a verifier FailureCode or a gate reason), never free text
     */
    public record ReleaseFacts(
            String policy,
            @Nullable String measurement,
            @Nullable String chipId,
            @Nullable String reportedTcb,
            String reason) {}
}
