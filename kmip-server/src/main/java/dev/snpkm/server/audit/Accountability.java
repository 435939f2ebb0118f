package dev.snpkm.server.audit;

import dev.snpkm.server.auth.ClientIdentity;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the server's records of clients' actions and refusals go (release decisions have their own path, through
 * the gate's {@link ReleaseAuditor}): the actions a batch took, appended in the batch's commit, and refusals,
 * aggregated per actor and interval ({@link RefusalAudit}).
 */
public final class Accountability {
    private static final Accountability NONE = new Accountability(null, (RefusalAudit) null);

    private final @Nullable AuditLog log;
    private final @Nullable RefusalAudit refusals;

    /** Refusals are aggregated into {@code log}, so it must exist (a null log would fail at the first flush). */
    public Accountability(AuditLog log, Clock clock) {
        this(log, new RefusalAudit(log, clock, RefusalAudit.DEFAULT_INTERVAL));
    }

    public Accountability(@Nullable AuditLog log, @Nullable RefusalAudit refusals) {
        this.log = log;
        this.refusals = refusals;
    }

    /** Records nothing: for engines in tests and tools without an audit log. */
    public static Accountability none() {
        return NONE;
    }

    /** How an audit record names a client: its subject and certificate fingerprint. */
    public static String actor(ClientIdentity client) {
        return client.subjectDn() + " sha256:" + client.sha256Fingerprint();
    }

    /** Appends a batch's actions in the batch's own commit, its last writes (AuditLog#appendAllClosingUnitOfWork). */
    public void actions(List<AuditEvent> events) {
        if (log != null && !events.isEmpty()) {
            log.appendAllClosingUnitOfWork(events);
        }
    }

    public void refused(ClientIdentity client, String kind, @Nullable String objectUid, String detail) {
        if (refusals != null) {
            refusals.refused(actor(client), kind, objectUid, detail);
        }
    }

    /** The refusal aggregator, for the checks before the engine (deny list, CRL), or null when none. */
    public @Nullable RefusalAudit refusals() {
        return refusals;
    }
}
