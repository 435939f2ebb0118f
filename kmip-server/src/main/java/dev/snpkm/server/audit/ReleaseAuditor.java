package dev.snpkm.server.audit;

import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.TcbVersion;
import java.util.Objects;

/**
 * Turns gate decisions into hash-chained audit records (docs/ARCHITECTURE.md "The attested release": who, which key,
 * measurement, chip, TCB, policy, decision, reason). The append is durable before the request's response (on return,
 * or at the end of a batch that had written before it: {@link AuditLog#append}); a failure propagates so the gate can
 * refuse rather than release a key it could not account for.
 */
public final class ReleaseAuditor {
    private final AuditLog log;

    public ReleaseAuditor(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    public AuditRecord record(ReleaseAuditEntry e) {
        AttestationReport r = e.report().orElse(null);
        AuditEvent.ReleaseFacts facts = new AuditEvent.ReleaseFacts(
                e.policy(),
                r == null ? null : r.measurement().hex(),
                r == null ? null : r.chipId().hex(),
                r == null ? null : reportedTcb(r, e),
                e.reason());
        String actor = actor(e.client());
        return log.append(new AuditEvent(actor, e.operation(), e.objectUid(), e.decision(), e.detail(), facts));
    }

    /** How a release record names its client: subject DN and certificate fingerprint. */
    public static String actor(ClientIdentity client) {
        return client.subjectDn() + " sha256:" + client.sha256Fingerprint();
    }

    /** Raw hex always (unambiguous), decoded components when the product, hence the layout, is known. */
    private static String reportedTcb(AttestationReport r, ReleaseAuditEntry e) {
        String raw = String.format("0x%016x", r.reportedTcb());
        return e.product()
                .map(p -> raw + " (" + TcbVersion.decode(r.reportedTcb(), p) + ")")
                .orElse(raw);
    }
}
