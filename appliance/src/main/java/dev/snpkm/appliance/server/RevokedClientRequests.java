package dev.snpkm.appliance.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code kmip_revoked_client_requests_total{check}}: requests refused, before the engine, because the client's
 * certificate is revoked ({@code deny_list}: {@code kmipctl clients revoke}; {@code crl}: its CA's CRL). They never
 * reach {@code kmip_requests_total}, so without this counter such refusals would show only in the log.
 */
final class RevokedClientRequests {
    private RevokedClientRequests() {
    }

    static Counter counter(MeterRegistry meters, String check) {
        return Counter.builder("kmip_revoked_client_requests")
                .description("Requests refused with Permission Denied because the client certificate is revoked")
                .tag("check", check).register(meters);
    }
}
