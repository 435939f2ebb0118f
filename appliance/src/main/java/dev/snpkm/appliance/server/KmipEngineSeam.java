package dev.snpkm.appliance.server;

import dev.snpkm.server.transport.KmipRequestProcessor;
import java.time.Clock;

/**
 * Where the KMIP engine plugs in. Today: {@link DiscoveryOnlyProcessor}. When the engine (KmipEngine with its
 * operation handlers, the attestation gate and the administrator set) is on this branch, this is the one place that
 * builds it from the {@link StoreContext}.
 */
final class KmipEngineSeam {
    private KmipEngineSeam() {
    }

    static KmipRequestProcessor create(StoreContext store, AdministratorSet administrators, Clock clock,
            String vendor) {
        return new DiscoveryOnlyProcessor(clock, vendor);
    }
}
