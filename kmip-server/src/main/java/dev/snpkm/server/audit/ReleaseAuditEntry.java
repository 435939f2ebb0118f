package dev.snpkm.server.audit;

import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.ProductLine;
import java.util.Objects;
import java.util.Optional;

/**
 * One attestation gate decision, as handed to {@link ReleaseAuditor}. Holds nothing secret: no nonce value, no
 * REPORT_DATA, no key material (a report's public fields only).
 *
 * @param operation the KMIP operation asking (e.g. "Get")
 * @param policy the policy name the object carries (recorded even when the registry lacks it)
 * @param decision "released", "challenged" or "denied"
 * @param reason a bounded code: a verifier FailureCode name or a gate reason
 * @param report the presented report, when one was decoded
 * @param product the product line it was verified against, when known (to decode REPORTED_TCB)
 * @param detail one line for humans (failure messages, nonce id); never secret
 */
public record ReleaseAuditEntry(
        ClientIdentity client,
        String operation,
        String objectUid,
        String policy,
        String decision,
        String reason,
        Optional<AttestationReport> report,
        Optional<ProductLine> product,
        String detail) {
    public ReleaseAuditEntry {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(objectUid, "objectUid");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(product, "product");
        detail = detail == null ? "" : detail;
    }
}
