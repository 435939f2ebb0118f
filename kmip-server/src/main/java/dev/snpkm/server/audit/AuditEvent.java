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
    /** The audit table's column sizes (schema V1), in characters: a longer value is cut, never a failed append. */
    static final int MAX_ACTOR = 1024;

    static final int MAX_ACTION = 128;
    static final int MAX_OBJECT_UID = 64;
    static final int MAX_OUTCOME = 64;
    static final int MAX_DETAIL = 4000;

    /**
     * Each field is cut to its column: many carry what a client sent (a credential's Username, an identifier), and a
     * record that did not fit would not be written at all, leaving the refusal it records unaudited.
     */
    public AuditEvent {
        actor = bounded(Objects.requireNonNull(actor, "actor"), MAX_ACTOR);
        action = bounded(Objects.requireNonNull(action, "action"), MAX_ACTION);
        objectUid = objectUid == null ? null : bounded(objectUid, MAX_OBJECT_UID);
        outcome = bounded(Objects.requireNonNull(outcome, "outcome"), MAX_OUTCOME);
        detail = detail == null ? "" : bounded(detail, MAX_DETAIL);
    }

    /** s, or its first max - 1 characters and an ellipsis (a surrogate pair is not split). */
    static String bounded(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
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
