package dev.snpkm.server.revocation;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.auth.ClientIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What a revocation filter does with a request it refuses: count it in
 * {@code kmip_revoked_client_requests_total{check}} (such requests never reach {@code kmip_requests_total}, so
 * without this counter they would show only in the log), log it at most once per interval, audit it aggregated per
 * client, and answer every batch item Permission Denied.
 */
final class RevokedClientRequests {
    private final Logger log;
    private final String event;
    private final String auditKind;
    private final Counter refused;
    private final RefusalLogThrottle logLines;
    private final @Nullable RefusalAudit audit; // null: not audited (tests)
    private final RefusalResponses responses;

    /**
     * @param event the log line's event name
     * @param check the counter's {@code check} label ({@code deny_list}, {@code crl})
     * @param auditKind the audit record's action ({@code deny-list}, {@code crl})
     */
    RevokedClientRequests(
            Logger log,
            String event,
            String check,
            String auditKind,
            Clock clock,
            MeterRegistry meters,
            @Nullable RefusalAudit audit) {
        this.log = log;
        this.event = event;
        this.auditKind = auditKind;
        this.refused = Counter.builder("kmip_revoked_client_requests")
                .description("Requests refused with Permission Denied because the client certificate is revoked")
                .tag("check", check)
                .register(meters);
        this.logLines = new RefusalLogThrottle(clock, RefusalLogThrottle.DEFAULT_INTERVAL);
        this.audit = audit;
        this.responses = new RefusalResponses(clock);
    }

    /**
     * @param reason why, for the log and the audit record
     * @param answer the Result Message the client reads
     */
    Ttlv refuse(Ttlv.Structure request, ClientIdentity client, String reason, String answer) {
        refused.increment();
        long leftOut = logLines.admit();
        if (leftOut != RefusalLogThrottle.LEAVE_OUT) {
            log.warn("event={} client=\"{}\" reason=\"{}\" not_logged_since_last={}", event, client, reason, leftOut);
        }
        if (audit != null) {
            audit.refused(Accountability.actor(client), auditKind, null, reason);
        }
        return responses.refuseAll(request, ResultReason.PERMISSION_DENIED, answer);
    }
}
