package dev.snpkm.server.revocation;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.chores.PeriodicChore;
import dev.snpkm.server.store.RevokedClientStore;
import dev.snpkm.server.tls.FileVersion;
import dev.snpkm.server.transport.KmipRequestProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request filter for client certificate revocation, appliance style: {@code revoked-clients.txt} holds SHA-256
 * certificate fingerprints ({@code kmipctl clients revoke} appends to it) and every request from such a certificate is
 * answered Permission Denied. It needs no CA, CRL signing or distribution, and cuts off an open connection at once.
 * The file is re-read when its modification time or size changes, so revocation needs no restart. An external CA's
 * CRLs ({@code tls.client-crls}) are checked as well, by {@link ClientCrlGate}, independently of this list.
 *
 * <p>With a {@link RevokedClientStore} (the appliance always gives its store), the list is cluster-wide: a timer
 * publishes the file's lines to the store's table and reads the table back every {@link #SYNC_INTERVAL}, and a request
 * is refused if its certificate is in either. A revocation made on one node of a cluster on one database is then in
 * force on every node within the interval (plus a request's own time), with no shared volume. A revocation is
 * permanent once published, as in a CRL: deleting its line from the file does not lift it.
 */
public final class ClientDenyList implements KmipRequestProcessor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientDenyList.class);

    /** How often the store's table is read (and the file's new lines published to it). */
    public static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);

    private final Path file;
    private final KmipRequestProcessor next;
    private final RevokedClientRequests refusals;
    private final Clock clock;
    private final @Nullable PeriodicChore sync;
    private volatile Set<String> fromFile = Set.of();
    private volatile Set<String> fromStore = Set.of();
    private volatile @Nullable FileVersion loadedVersion;
    /** Why the file exists but cannot be read, or null: while set, every client is refused (fail closed). */
    private volatile @Nullable String unreadable;

    /** Refused requests are counted in {@code kmip_revoked_client_requests_total{check="deny_list"}}. */
    public ClientDenyList(Path file, KmipRequestProcessor next, Clock clock, MeterRegistry meters) {
        this(file, next, clock, meters, null, null);
    }

    /**
     * @param audit records refusals, one per client per interval with a count (a revoked client may retry fast)
     * @param shared the store's table of revocations, kept in step on a timer until {@link #close()}; null for the
     *     file alone
     */
    public ClientDenyList(
            Path file,
            KmipRequestProcessor next,
            Clock clock,
            MeterRegistry meters,
            @Nullable RefusalAudit audit,
            @Nullable RevokedClientStore shared) {
        this.file = file;
        this.next = next;
        this.clock = clock;
        this.refusals = new RevokedClientRequests(
                LOG, "revoked_client_refused", "deny_list", "deny-list", clock, meters, audit);
        Counter syncFailures = Counter.builder("kmip.deny.list.sync.failures")
                .description("failed reads or writes of the store's table of revoked clients (retried every second)")
                .register(meters);
        Gauge.builder("kmip.revoked.clients", this, l -> l.revokedCount())
                .description("client certificates on the deny list (file and store)")
                .register(meters);
        refresh();
        if (shared == null) {
            sync = null;
            return;
        }
        sync = PeriodicChore.start(
                "deny-list-sync", SYNC_INTERVAL, SYNC_INTERVAL, syncFailures, () -> syncWith(shared));
        sync.runNow(); // in force from the first request, not a second later
    }

    @Override
    public void rateLimited(ClientIdentity client, String limit) {
        next.rateLimited(client, limit);
    }

    @Override
    public Ttlv process(Ttlv.Structure request, ClientIdentity client) {
        refresh();
        String cannotRead = unreadable;
        if (cannotRead != null) {
            return refusals.refuse(
                    request,
                    client,
                    "the deny list cannot be read (" + cannotRead + "): every client is refused until it can",
                    "this appliance cannot check client revocations; no client is served until an administrator fixes"
                            + " it");
        }
        if (!revoked(client.sha256Fingerprint())) {
            return next.process(request, client);
        }
        return refusals.refuse(
                request,
                client,
                "certificate revoked with kmipctl clients revoke",
                "client certificate has been revoked on this appliance");
    }

    /** Whether the certificate may not be served: revoked, or any while the list cannot be read (fail closed). */
    public boolean isRevoked(String fingerprint) {
        refresh();
        return unreadable != null || revoked(fingerprint.toLowerCase(Locale.ROOT));
    }

    private boolean revoked(String fingerprint) {
        return fromFile.contains(fingerprint) || fromStore.contains(fingerprint);
    }

    private double revokedCount() {
        Set<String> all = new HashSet<>(fromFile);
        all.addAll(fromStore);
        return all.size();
    }

    /** The timer's tick, now, on the caller's thread. */
    void syncNow() {
        if (sync != null) {
            sync.runNow();
        }
    }

    /**
     * Publishes the file's lines the store lacks, then reads the store's table. A failure keeps the last list read
     * (closing the store to every client on a database hiccup would be worse) and is retried at the next tick.
     */
    private void syncWith(RevokedClientStore store) {
        refresh();
        Set<String> stored = store.all();
        Set<String> unpublished = fromFile.stream()
                .filter(fp -> RevokedClientStore.isFingerprint(fp) && !stored.contains(fp))
                .collect(Collectors.toSet());
        if (!unpublished.isEmpty()) {
            int added = store.addAll(unpublished, clock.instant());
            LOG.info("event=deny_list_published count={} file={}", added, file);
        }
        fromStore = unpublished.isEmpty() ? stored : store.all();
    }

    /** Runs on every request: one stat of the file, and a read only when it changed. */
    private void refresh() {
        try {
            FileVersion modified;
            try {
                modified = FileVersion.of(file);
            } catch (NoSuchFileException gone) {
                fromFile = Set.of();
                loadedVersion = null;
                unreadable = null;
                return;
            }
            if (modified.equals(loadedVersion)) {
                return;
            }
            fromFile = Files.readAllLines(file).stream()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+")[0].toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            loadedVersion = modified;
            unreadable = null;
        } catch (IOException e) {
            // Fail closed: a revocation the appliance cannot read must not leave the revoked client in (a list written
            // by root 0600 under a service that runs as another user read as empty, and every client was served).
            if (unreadable == null) {
                LOG.error(
                        "event=deny_list_unreadable file={} error=\"{}\" action=refusing_every_client",
                        file,
                        e.getMessage());
            }
            unreadable = e.getMessage();
            loadedVersion = null; // read again at the next request
        }
    }

    /** Stops the store sync; waits for a sync in progress (none may run against a closing store). */
    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
    }
}
