package dev.snpkm.server.revocation;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.FailureResponses;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Clock;

/** Builds the Response Messages of the request filters that refuse a revoked client before the engine. */
final class RefusalResponses {
    private final Clock clock;

    RefusalResponses(Clock clock) {
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
