package dev.snpkm.server.assembly;

import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.audit.RefusalSummaryTimer;
import dev.snpkm.server.revocation.ClientDenyList;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.ExpiredNoncePurge;
import dev.snpkm.server.store.ObjectStore;
import dev.snpkm.server.transport.KmipServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A server {@link KmipServerBuilder} started. Stopping is in two steps so that its owner can write to the store
 * between them (the appliance's stop record): {@link #stopServing()} ends the nonce purge, the listener (in-flight
 * requests finish), the refusal summaries (the pending ones are written) and the deny list's store sync;
 * {@link #close()} then closes the store.
 */
public final class RunningKmipServer implements AutoCloseable {
    private final Database database;
    private final ObjectStore objects;
    private final AuditLog audit;
    private final RefusalAudit refusals;
    private final MeterRegistry meters;
    private final KmipServer server;
    private final ExpiredNoncePurge noncePurge;
    private final RefusalSummaryTimer refusalSummaries;
    private final @Nullable ClientDenyList denyList;
    private boolean serving = true;
    private boolean closed;

    RunningKmipServer(
            Database database,
            ObjectStore objects,
            AuditLog audit,
            RefusalAudit refusals,
            MeterRegistry meters,
            KmipServer server,
            ExpiredNoncePurge noncePurge,
            RefusalSummaryTimer refusalSummaries,
            @Nullable ClientDenyList denyList) {
        this.database = database;
        this.objects = objects;
        this.audit = audit;
        this.refusals = refusals;
        this.meters = meters;
        this.server = server;
        this.noncePurge = noncePurge;
        this.refusalSummaries = refusalSummaries;
        this.denyList = denyList;
    }

    public int port() {
        return server.port();
    }

    public KmipServer server() {
        return server;
    }

    public Database database() {
        return database;
    }

    public ObjectStore objects() {
        return objects;
    }

    /** The one audit chain: clients' actions, aggregated refusals, release decisions. */
    public AuditLog audit() {
        return audit;
    }

    /** The refusal aggregator, for refusals recorded outside the engine. */
    public RefusalAudit refusals() {
        return refusals;
    }

    public MeterRegistry meters() {
        return meters;
    }

    /** The graceful first step; the store stays open. Idempotent. */
    public synchronized void stopServing() {
        if (!serving) {
            return;
        }
        serving = false;
        try {
            noncePurge.close(); // waits for a purge in progress: none may run against a closing store
            server.close();
        } finally {
            refusalSummaries.close();
            if (denyList != null) {
                denyList.close(); // its store sync, likewise
            }
        }
    }

    /** Stops serving if still serving, then closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopServing();
        } finally {
            database.close();
        }
    }
}
