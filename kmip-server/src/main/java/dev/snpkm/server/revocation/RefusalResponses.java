package dev.snpkm.server.revocation;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseHeader;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the Response Messages of the request filters that refuse a revoked client before the engine. */
final class RefusalResponses {
    private final Clock clock;

    RefusalResponses(Clock clock) {
        this.clock = clock;
    }

    Ttlv respond(KmipVersion version, List<ResponseBatchItem> items) {
        ResponseHeader header = ResponseHeader.of(version, clock.instant().getEpochSecond(), items.size());
        return MessageMapper.toTtlv(new ResponseMessage(header, items));
    }

    /** Every batch item fails with the same reason, echoing its operation and id (KMIP 1.4 §11.1). */
    Ttlv failAll(RequestMessage request, ResultReason reason, String message) {
        List<ResponseBatchItem> items = new ArrayList<>();
        for (RequestBatchItem item : request.batchItems()) {
            items.add(ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(), reason, message));
        }
        return respond(request.header().protocolVersion(), items);
    }

    /** As {@link #failAll}, for a request not yet mapped; one that does not map at all gets {@link #unparseable}. */
    Ttlv refuseAll(Ttlv.Structure request, ResultReason reason, String message) {
        try {
            return failAll(MessageMapper.requestFromTtlvLenient(request), reason, message);
        } catch (KmipMappingException e) {
            return unparseable(reason, message);
        }
    }

    /** The answer to a message that did not map at all: one failed item, no operation, version 1.0. */
    Ttlv unparseable(ResultReason reason, String message) {
        return respond(KmipVersion.V1_0, List.of(ResponseBatchItem.failure(null, null, reason, message)));
    }
}
