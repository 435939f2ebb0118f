package dev.snpkm.appliance.server;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.metrics.KmipMetrics;
import dev.snpkm.server.transport.KmipRequestProcessor;
import java.time.Duration;
import java.util.Optional;

/**
 * Feeds {@link KmipMetrics} from outside the engine: one sample per batch item of each Response Message, read from
 * the response TTLV (operation and result status are echoed there), so the engine and transport stay unaware of
 * metrics. Outermost in the chain, so refusals of revoked clients are counted too. The engine runs a batch as a
 * whole, so every item of a message is recorded with the message's latency.
 */
public final class MeasuredProcessor implements KmipRequestProcessor {
    private final KmipRequestProcessor next;
    private final KmipMetrics metrics;

    public MeasuredProcessor(KmipRequestProcessor next, KmipMetrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public Ttlv process(Ttlv.Structure request, ClientIdentity client) {
        long start = System.nanoTime();
        Ttlv response = next.process(request, client);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (response instanceof Ttlv.Structure message) {
            for (Ttlv item : message.childrenWithTag(Tag.BATCH_ITEM)) {
                if (item instanceof Ttlv.Structure s) {
                    metrics.request(operation(s).orElse(null), status(s), took);
                }
            }
        }
        return response;
    }

    private static Optional<Operation> operation(Ttlv.Structure item) {
        return item.child(Tag.OPERATION).filter(Ttlv.Enumeration.class::isInstance)
                .flatMap(t -> Operation.fromValue(((Ttlv.Enumeration) t).value()));
    }

    /** An item without a readable status is a malformed answer: count it as failed rather than drop it. */
    private static ResultStatus status(Ttlv.Structure item) {
        return item.child(Tag.RESULT_STATUS).filter(Ttlv.Enumeration.class::isInstance)
                .flatMap(t -> ResultStatus.fromValue(((Ttlv.Enumeration) t).value()))
                .orElse(ResultStatus.OPERATION_FAILED);
    }
}
