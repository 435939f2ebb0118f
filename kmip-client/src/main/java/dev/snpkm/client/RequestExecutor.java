package dev.snpkm.client;

import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.payload.DiscoverVersions;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Turns typed batch items into one request message on the transport and checks the answer's shape: one item per request
 * item, in order. The header carries only what the options ask for (PyKMIP 0.10 rejects header fields it does not know,
 * e.g. correlation values and attestation fields). The protocol version is negotiated once, at first use, unless the
 * options fix it. Thread-safe.
 */
final class RequestExecutor implements AutoCloseable {
    private final KmipTransport transport;
    private final KmipClient.Options options;
    private volatile @Nullable KmipVersion negotiated;

    RequestExecutor(KmipTransport transport, KmipClient.Options options) {
        this.transport = transport;
        this.options = options;
        this.negotiated = options.version();
    }

    /** The version requests use; the first call may run Discover Versions. */
    KmipVersion version() throws KmipOperationException, KmipTransportException {
        KmipVersion v = negotiated;
        if (v == null) {
            synchronized (this) {
                v = negotiated;
                if (v == null) {
                    v = ProtocolVersionNegotiator.choose(
                            discoverVersions(
                                    ProtocolVersionNegotiator.DISCOVERY_VERSION,
                                    ProtocolVersionNegotiator.offered(options.maxVersion())),
                            options.maxVersion());
                    negotiated = v;
                }
            }
        }
        return v;
    }

    List<KmipVersion> discoverVersions(KmipVersion headerVersion, List<KmipVersion> offered)
            throws KmipOperationException, KmipTransportException {
        ResponseMessage r = exchange(
                headerVersion,
                h -> h,
                List.of(RequestBatchItem.of(Operation.DISCOVER_VERSIONS, new DiscoverVersions.Request(offered))));
        return expect(r.batchItems().get(0), DiscoverVersions.Response.class).versions();
    }

    /** One operation; its failure becomes a KmipOperationException. */
    <R extends ResponsePayload> R call(Operation op, RequestPayload payload, Class<R> type)
            throws KmipOperationException, KmipTransportException {
        ResponseMessage r = exchange(version(), h -> h, List.of(RequestBatchItem.of(op, payload)));
        return expect(r.batchItems().get(0), type);
    }

    /**
     * Sends the items as one batch; multi-item batches get Unique Batch Item IDs 1..n. Failed items are returned,
     * not thrown: the caller decides (a batch may fail on purpose, e.g. Attestation Required).
     */
    ResponseMessage exchange(
            KmipVersion version, UnaryOperator<RequestHeader.Builder> header, List<RequestBatchItem> items)
            throws KmipOperationException, KmipTransportException {
        List<RequestBatchItem> numbered = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            numbered.add(items.size() == 1 ? items.get(0) : items.get(i).withId(batchItemId(i + 1)));
        }
        RequestHeader.Builder b = RequestHeader.builder(version)
                .batchCount(items.size())
                .clientCorrelationValue(options.clientCorrelationValue())
                .maximumResponseSize(options.maximumResponseSize());
        RequestMessage request = new RequestMessage(header.apply(b).build(), numbered);
        Ttlv.Structure answer = transport.send((Ttlv.Structure) MessageMapper.toTtlv(request));
        ResponseMessage response;
        try {
            response = MessageMapper.responseFromTtlv(answer);
        } catch (KmipMappingException e) {
            throw KmipOperationException.protocol(items.get(0).operation(), "cannot decode it: " + e.getMessage());
        }
        checkShape(numbered, response);
        return response;
    }

    /** The item's payload if it succeeded with the expected type, else the failure. */
    static <R extends ResponsePayload> R expect(ResponseBatchItem item, Class<R> type) throws KmipOperationException {
        if (!item.isSuccess()) {
            throw KmipOperationException.of(item);
        }
        return item.payload(type)
                .orElseThrow(() -> KmipOperationException.protocol(
                        item.operation(),
                        "a successful item without a "
                                + type.getEnclosingClass().getSimpleName() + " response payload"));
    }

    private static void checkShape(List<RequestBatchItem> sent, ResponseMessage response)
            throws KmipOperationException {
        List<ResponseBatchItem> got = response.batchItems();
        if (got.size() == 1 && got.get(0).operation() == null && !got.get(0).isSuccess()) {
            throw KmipOperationException.of(got.get(0)); // the whole message was refused (KMIP 1.4 §11.1)
        }
        if (!got.isEmpty()
                && got.size() < sent.size()
                && !got.get(got.size() - 1).isSuccess()) {
            // Batch Error Continuation "Stop" (the default): the server answers up to the failed item; its reason is
            // the one worth reporting, not the short count.
            throw KmipOperationException.of(got.get(got.size() - 1));
        }
        if (got.size() != sent.size()) {
            throw KmipOperationException.protocol(
                    sent.get(0).operation(), sent.size() + " batch items sent but " + got.size() + " answered");
        }
        for (int i = 0; i < sent.size(); i++) {
            Bytes id = sent.get(i).uniqueBatchItemId();
            EnumCode<Operation> op = got.get(i).operation();
            if ((id != null && !id.equals(got.get(i).uniqueBatchItemId()))
                    || (op != null && !op.equals(sent.get(i).operation()))) {
                throw KmipOperationException.protocol(
                        sent.get(i).operation(), "batch item " + (i + 1) + " answered out of order");
            }
        }
    }

    private static Bytes batchItemId(int n) {
        return Bytes.of(ByteBuffer.allocate(4).putInt(n).array());
    }

    @Override
    public void close() {
        transport.close();
    }
}
