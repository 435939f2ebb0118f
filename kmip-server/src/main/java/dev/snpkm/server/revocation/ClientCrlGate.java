package dev.snpkm.server.revocation;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.tls.ClientCrls;
import dev.snpkm.server.transport.KmipRequestProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request filter for the client CRLs: the handshake consults them once, so a connection opened before a CRL
 * revoked its certificate (or a resumed TLS session, which skips certificate checks) is refused here on its next
 * request, with Permission Denied, as {@link ClientDenyList} refuses a deny-listed one. Changed CRL files are re-read
 * first.
 */
public final class ClientCrlGate implements KmipRequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCrlGate.class);

    private final ClientCrls crls;
    private final KmipRequestProcessor next;
    private final RevokedClientRequests refusals;

    /** Refused requests are counted in {@code kmip_revoked_client_requests_total{check="crl"}}. */
    public ClientCrlGate(ClientCrls crls, KmipRequestProcessor next, Clock clock, MeterRegistry meters) {
        this(crls, next, clock, meters, null);
    }

    /** @param audit records refusals, one per client per interval with a count */
    public ClientCrlGate(
            ClientCrls crls,
            KmipRequestProcessor next,
            Clock clock,
            MeterRegistry meters,
            @Nullable RefusalAudit audit) {
        this.crls = crls;
        this.next = next;
        this.refusals =
                new RevokedClientRequests(LOG, "crl_revoked_client_refused", "crl", "crl", clock, meters, audit);
    }

    @Override
    public void rateLimited(ClientIdentity client, String limit) {
        next.rateLimited(client, limit);
    }

    @Override
    public Ttlv process(Ttlv.Structure request, ClientIdentity client) {
        Optional<String> refusal = crls.refusal(client.chain());
        if (refusal.isEmpty()) {
            return next.process(request, client);
        }
        return refusals.refuse(
                request, client, refusal.get(), "client certificate is revoked or unverifiable by its CA's CRL");
    }
}
