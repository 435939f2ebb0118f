package dev.snpkm.appliance.cli;

import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;

/** One typed request per call over the admin's mTLS connection; a failed result becomes a {@link CliFailure}. */
final class KmipSession implements AutoCloseable {
    private final KmipTransport transport;
    private final KmipVersion version;

    KmipSession(KmipTransport transport, KmipVersion version) {
        this.transport = transport;
        this.version = version;
    }

    <P extends ResponsePayload> P call(Operation op, RequestPayload payload, Class<P> expected) throws CliFailure {
        ResponseBatchItem item = send(op, payload);
        if (!item.isSuccess()) {
            throw new CliFailure(op.specName() + " failed: "
                    + (item.resultReason() == null ? "no reason" : reason(item.resultReason()))
                    + (item.resultMessage() == null ? "" : " (" + item.resultMessage() + ")"));
        }
        return item.payload(expected)
                .orElseThrow(() -> new CliFailure(op.specName() + " succeeded but the server sent no usable payload"));
    }

    /** The specification's name ("Permission Denied"): what operators find in the KMIP documents and logs. */
    private static String reason(EnumCode<ResultReason> code) {
        return code.known().map(ResultReason::specName).orElse(code.toString());
    }

    ResponseBatchItem send(Operation op, RequestPayload payload) throws CliFailure {
        RequestMessage request =
                RequestMessage.of(RequestHeader.builder(version).build(), List.of(RequestBatchItem.of(op, payload)));
        try {
            Ttlv.Structure response = transport.send((Ttlv.Structure) MessageMapper.toTtlv(request));
            ResponseMessage message = MessageMapper.responseFromTtlv(response);
            if (message.batchItems().size() != 1) {
                throw new CliFailure("server answered " + message.batchItems().size() + " batch items to one");
            }
            return message.batchItems().get(0);
        } catch (KmipTransportException e) {
            throw e.stage() == KmipTransportException.Stage.CONNECT && refused(e)
                    ? new CliFailure("appliance not running at " + transport.endpoint()
                            + " (connection refused; start it, or pass " + "--server host:port)")
                    : new CliFailure(e);
        } catch (KmipMappingException e) {
            throw new CliFailure("server response did not decode: " + e.getMessage());
        }
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    KmipVersion version() {
        return version;
    }

    String negotiatedVersion() {
        return version.toString();
    }

    @Override
    public void close() {
        transport.close();
    }
}
