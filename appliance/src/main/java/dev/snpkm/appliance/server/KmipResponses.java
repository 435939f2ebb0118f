package dev.snpkm.appliance.server;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.FailureResponses;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Clock;

/** Builds Response Messages for the appliance's own request filters (deny list, CRL check, interim processor). */
final class KmipResponses {
    private final Clock clock;

    KmipResponses(Clock clock) {
        this.clock = clock;
    }

    /**
     * Every batch item fails with the same reason, echoing its operation and id (KMIP 1.4 §11.1); a request that does
     * not map at all fails as a whole. Built by kmip-core's {@link FailureResponses}, the one failure builder.
     */
    Ttlv refuseAll(Ttlv.Structure request, ResultReason reason, String message) {
        return new FailureResponses(clock).everyItem(request, reason, message);
    }
}
