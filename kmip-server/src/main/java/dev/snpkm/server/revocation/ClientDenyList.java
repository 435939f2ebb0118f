package dev.snpkm.server.revocation;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.tls.FileVersion;
import dev.snpkm.server.transport.KmipRequestProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 */
public final class ClientDenyList implements KmipRequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ClientDenyList.class);

    private final Path file;
    private final KmipRequestProcessor next;
    private final RevokedClientRequests refusals;
    private volatile Set<String> revoked = Set.of();
    private volatile @Nullable FileVersion loadedVersion;

    /** Refused requests are counted in {@code kmip_revoked_client_requests_total{check="deny_list"}}. */
    public ClientDenyList(Path file, KmipRequestProcessor next, Clock clock, MeterRegistry meters) {
        this(file, next, clock, meters, null);
    }

    /** @param audit records refusals, one per client per interval with a count (a revoked client may retry fast) */
    public ClientDenyList(
            Path file, KmipRequestProcessor next, Clock clock, MeterRegistry meters, @Nullable RefusalAudit audit) {
        this.file = file;
        this.next = next;
        this.refusals = new RevokedClientRequests(
                LOG, "revoked_client_refused", "deny_list", "deny-list", clock, meters, audit);
        refresh();
    }

    @Override
    public Ttlv process(Ttlv.Structure request, ClientIdentity client) {
        refresh();
        if (!revoked.contains(client.sha256Fingerprint())) {
            return next.process(request, client);
        }
        return refusals.refuse(
                request,
                client,
                "certificate revoked with kmipctl clients revoke",
                "client certificate has been revoked on this appliance");
    }

    public boolean isRevoked(String fingerprint) {
        refresh();
        return revoked.contains(fingerprint.toLowerCase(Locale.ROOT));
    }

    private void refresh() {
        try {
            if (!Files.exists(file)) {
                revoked = Set.of();
                loadedVersion = null;
                return;
            }
            FileVersion modified = FileVersion.of(file);
            if (modified.equals(loadedVersion)) {
                return;
            }
            revoked = Files.readAllLines(file).stream()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+")[0].toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            loadedVersion = modified;
        } catch (IOException e) {
            // Fail closed would lock out every client on a transient read error; keep the last good list instead.
            LOG.error("event=deny_list_unreadable file={} error=\"{}\"", file, e.getMessage());
        }
    }
}
