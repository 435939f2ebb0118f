package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.mapping.ProtocolVersions;
import dev.snpkm.kmip.payload.PayloadMappings;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Response Message ↔ TTLV (KMIP 2.1 §8, Tables 398-399). */
final class ResponseCodec {
    private ResponseCodec() {}

    static ResponseMessage decode(Ttlv ttlv) throws KmipMappingException {
        FieldReader message = MessageEnvelope.open(ttlv, Tag.RESPONSE_MESSAGE);
        FieldReader rawHeader = message.struct(Tag.RESPONSE_HEADER);
        KmipVersion v = ProtocolVersions.decode(rawHeader.struct(Tag.PROTOCOL_VERSION));
        FieldReader h = new FieldReader(rawHeader.structure(), v);
        Ttlv.DateTime timeStamp = h.required(Tag.TIME_STAMP, Ttlv.DateTime.class);
        FieldReader nonce = h.optStruct(Tag.NONCE);
        ResponseHeader header = new ResponseHeader(
                v,
                timeStamp.epochSeconds(),
                nonce == null ? null : Nonce.decode(nonce),
                h.optBytes(Tag.SERVER_HASHED_PASSWORD),
                h.enumerations(Tag.ATTESTATION_TYPE, AttestationType.class),
                h.optText(Tag.CLIENT_CORRELATION_VALUE),
                h.optText(Tag.SERVER_CORRELATION_VALUE),
                h.integer(Tag.BATCH_COUNT));
        List<ResponseBatchItem> items = new ArrayList<>();
        for (Ttlv item : message.structure().childrenWithTag(Tag.BATCH_ITEM)) {
            items.add(decodeItem(FieldReader.of(item, v)));
        }
        MessageEnvelope.checkBatchCount(header.batchCount(), items.size());
        return new ResponseMessage(header, items);
    }

    private static ResponseBatchItem decodeItem(FieldReader b) throws KmipMappingException {
        EnumCode<Operation> op = b.optEnumeration(Tag.OPERATION, Operation.class);
        Ttlv.Structure payload = b.optional(Tag.RESPONSE_PAYLOAD, Ttlv.Structure.class);
        if (payload != null && op == null) {
            throw new KmipMappingException(ResultReason.INVALID_MESSAGE, "a Response Payload without an Operation");
        }
        ResponsePayload typed =
                payload == null || op == null ? null : PayloadMappings.decodeResponse(op, payload, b.version());
        List<MessageExtension> extensions = new ArrayList<>();
        for (FieldReader e : b.structs(Tag.MESSAGE_EXTENSION)) {
            extensions.add(MessageExtension.decode(e));
        }
        return new ResponseBatchItem(
                op,
                b.optBytes(Tag.UNIQUE_BATCH_ITEM_ID),
                b.enumeration(Tag.RESULT_STATUS, ResultStatus.class),
                b.optEnumeration(Tag.RESULT_REASON, ResultReason.class),
                b.optText(Tag.RESULT_MESSAGE),
                b.optBytes(Tag.ASYNCHRONOUS_CORRELATION_VALUE),
                typed,
                extensions);
    }

    static Ttlv encode(ResponseMessage m) {
        ResponseHeader h = m.header();
        KmipVersion v = h.protocolVersion();
        FieldWriter hw = new FieldWriter(v)
                .add(ProtocolVersions.encode(v))
                .dateTime(Tag.TIME_STAMP, h.timeStamp())
                .add(h.nonce() == null ? null : h.nonce().toTtlv())
                .bytes(Tag.SERVER_HASHED_PASSWORD, h.serverHashedPassword())
                .enumerations(Tag.ATTESTATION_TYPE, h.attestationTypes())
                .text(Tag.CLIENT_CORRELATION_VALUE, h.clientCorrelationValue())
                .text(Tag.SERVER_CORRELATION_VALUE, h.serverCorrelationValue())
                .integer(Tag.BATCH_COUNT, h.batchCount());
        FieldWriter mw = new FieldWriter(v).add(hw.toStructure(Tag.RESPONSE_HEADER));
        for (ResponseBatchItem item : m.batchItems()) {
            FieldWriter iw = new FieldWriter(v)
                    .enumeration(Tag.OPERATION, item.operation())
                    .bytes(Tag.UNIQUE_BATCH_ITEM_ID, item.uniqueBatchItemId())
                    .enumeration(Tag.RESULT_STATUS, item.resultStatus())
                    .enumeration(Tag.RESULT_REASON, item.resultReason())
                    .text(Tag.RESULT_MESSAGE, item.resultMessage())
                    .bytes(Tag.ASYNCHRONOUS_CORRELATION_VALUE, item.asynchronousCorrelationValue());
            if (item.payload() != null) {
                iw.add(Ttlv.structure(
                        Tag.RESPONSE_PAYLOAD,
                        PayloadMappings.encodeResponse(
                                Objects.requireNonNull(item.operation(), "a response payload without its operation"),
                                item.payload(),
                                v)));
            }
            item.messageExtensions().forEach(e -> iw.add(e.toTtlv()));
            mw.add(iw.toStructure(Tag.BATCH_ITEM));
        }
        return mw.toStructure(Tag.RESPONSE_MESSAGE);
    }
}
