package dev.snpkm.appliance.server;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.DiscoverVersions;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.transport.KmipRequestProcessor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The processor the appliance runs while no KMIP engine is linked in (the {@code server-ops} work): answers Discover
 * Versions and Query so that health probes (vSphere, kmipctl status) work, and every other operation with Operation
 * Not Supported. {@link KmipEngineSeam} replaces it with the real engine.
 */
final class DiscoveryOnlyProcessor implements KmipRequestProcessor {
    static final List<KmipVersion> SUPPORTED = List.of(KmipVersion.V2_1, KmipVersion.V2_0, KmipVersion.V1_4,
            KmipVersion.V1_3, KmipVersion.V1_2, KmipVersion.V1_1, KmipVersion.V1_0);

    private final KmipResponses responses;
    private final String vendor;

    DiscoveryOnlyProcessor(Clock clock, String vendor) {
        this.responses = new KmipResponses(clock);
        this.vendor = vendor;
    }

    @Override
    public Ttlv process(Ttlv.Structure request, ClientIdentity client) {
        RequestMessage message;
        try {
            message = MessageMapper.requestFromTtlvLenient(request);
        } catch (KmipMappingException e) {
            return responses.unparseable(e.reason(), e.getMessage());
        }
        List<ResponseBatchItem> items = new ArrayList<>();
        for (RequestBatchItem item : message.batchItems()) {
            items.add(answer(item));
        }
        return responses.respond(message.header().protocolVersion(), items);
    }

    private ResponseBatchItem answer(RequestBatchItem item) {
        if (item.operation().is(Operation.DISCOVER_VERSIONS) && item.payload() instanceof DiscoverVersions.Request r) {
            // KMIP 1.4 §4.26: an empty request list asks for everything; otherwise the intersection, server order.
            List<KmipVersion> answer = r.versions().isEmpty() ? SUPPORTED
                    : SUPPORTED.stream().filter(r.versions()::contains).toList();
            return ResponseBatchItem.success(item.operation(), item.uniqueBatchItemId(),
                    new DiscoverVersions.Response(answer));
        }
        if (item.operation().is(Operation.QUERY) && item.payload() instanceof Query.Request) {
            return ResponseBatchItem.success(item.operation(), item.uniqueBatchItemId(), new Query.Response(
                    List.of(EnumCode.of(Operation.DISCOVER_VERSIONS), EnumCode.of(Operation.QUERY)), List.of(),
                    vendor, null, List.of(), List.of(), List.of(), List.of()));
        }
        return ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(),
                ResultReason.OPERATION_NOT_SUPPORTED,
                "this appliance build has no KMIP engine yet; only Discover Versions and Query are served");
    }
}
