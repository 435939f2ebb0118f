package dev.snpkm.server.store;

import java.util.Objects;

/**
 * What happened, as the audit log records it. Never put key material, nonce values or private keys in any field.
 *
 * @param actor the client identity (or "system")
 * @param action e.g. "Get", "Create", "key-release"
 * @param objectUid the object acted on, or null
 * @param outcome e.g. "success", "denied"
 * @param detail free text: policy, measurement, reason
 */
public record AuditEvent(String actor, String action, String objectUid, String outcome, String detail) {
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }
}
