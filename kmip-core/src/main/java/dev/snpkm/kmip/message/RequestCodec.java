package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.AsynchronousIndicator;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.mapping.ProtocolVersions;
import dev.snpkm.kmip.payload.MalformedPayload;
import dev.snpkm.kmip.payload.PayloadMappings;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Request Message ↔ TTLV (KMIP 2.1 §8, Tables 395-396). The header's Protocol Version picks 1.x or 2.x forms. */
final class RequestCodec {
    private RequestCodec() {}

    static RequestMessage decode(Ttlv ttlv, boolean lenient) throws KmipMappingException {
        FieldReader message = MessageEnvelope.open(ttlv, Tag.REQUEST_MESSAGE);
        FieldReader rawHeader = message.struct(Tag.REQUEST_HEADER);
        KmipVersion v = ProtocolVersions.decode(rawHeader.struct(Tag.PROTOCOL_VERSION));
        RequestHeader header = decodeHeader(new FieldReader(rawHeader.structure(), v));
        List<RequestBatchItem> items = new ArrayList<>();
        for (Ttlv item : message.structure().childrenWithTag(Tag.BATCH_ITEM)) {
            items.add(decodeItem(FieldReader.of(item, v), lenient));
        }
        MessageEnvelope.checkBatchCount(header.batchCount(), items.size());
        return new RequestMessage(header, items);
    }

    private static RequestHeader decodeHeader(FieldReader h) throws KmipMappingException {
        List<Credential> credentials = new ArrayList<>();
        FieldReader auth = h.optStruct(Tag.AUTHENTICATION);
        if (auth != null) {
            for (FieldReader c : auth.structs(Tag.CREDENTIAL)) {
                credentials.add(CredentialCodec.decode(c));
            }
            if (credentials.isEmpty()) {
                throw KmipMappingException.missing(Tag.CREDENTIAL, Tag.AUTHENTICATION);
            }
        }
        return new RequestHeader(
                h.version(),
                h.optInteger(Tag.MAXIMUM_RESPONSE_SIZE),
                h.optText(Tag.CLIENT_CORRELATION_VALUE),
                h.optText(Tag.SERVER_CORRELATION_VALUE),
                asynchronousIndicator(h),
                h.optBoolean(Tag.ATTESTATION_CAPABLE_INDICATOR),
                h.enumerations(Tag.ATTESTATION_TYPE, AttestationType.class),
                credentials,
                h.optEnumeration(Tag.BATCH_ERROR_CONTINUATION_OPTION, BatchErrorContinuationOption.class),
                h.optBoolean(Tag.BATCH_ORDER_OPTION),
                h.optDateTime(Tag.TIME_STAMP),
                h.integer(Tag.BATCH_COUNT));
    }

    /** 1.x Boolean (True: the client accepts an asynchronous answer) or 2.x Enumeration (KMIP 2.1 §9.2). */
    private static @Nullable EnumCode<AsynchronousIndicator> asynchronousIndicator(FieldReader h)
            throws KmipMappingException {
        Ttlv item = h.optional(Tag.ASYNCHRONOUS_INDICATOR, Ttlv.class);
        if (item instanceof Ttlv.BooleanItem b) {
            return EnumCode.of(b.value() ? AsynchronousIndicator.OPTIONAL : AsynchronousIndicator.PROHIBITED);
        }
        return h.optEnumeration(Tag.ASYNCHRONOUS_INDICATOR, AsynchronousIndicator.class);
    }

    private static RequestBatchItem decodeItem(FieldReader b, boolean lenient) throws KmipMappingException {
        EnumCode<Operation> op = b.enumeration(Tag.OPERATION, Operation.class);
        Ttlv.Structure payload = b.required(Tag.REQUEST_PAYLOAD, Ttlv.Structure.class);
        RequestPayload typed;
        if (op.known().isEmpty() && !op.isExtension()) {
            KmipMappingException e = new KmipMappingException(
                    ResultReason.OPERATION_NOT_SUPPORTED,
                    "unknown " + KmipMappingException.tagName(Tag.OPERATION) + " " + op);
            if (!lenient) {
                throw e;
            }
            typed = new RawPayload(payload.children());
        } else if (lenient) {
            typed = decodeLeniently(op, payload, b.version());
        } else {
            typed = PayloadMappings.decodeRequest(op, payload, b.version());
        }
        List<MessageExtension> extensions = new ArrayList<>();
        for (FieldReader e : b.structs(Tag.MESSAGE_EXTENSION)) {
            extensions.add(MessageExtension.decode(e));
        }
        return new RequestBatchItem(
                op, b.optBoolean(Tag.EPHEMERAL), b.optBytes(Tag.UNIQUE_BATCH_ITEM_ID), typed, extensions);
    }

    private static RequestPayload decodeLeniently(EnumCode<Operation> op, Ttlv.Structure payload, KmipVersion v) {
        try {
            return PayloadMappings.decodeRequest(op, payload, v);
        } catch (KmipMappingException e) {
            return new MalformedPayload(payload.children(), e.reason(), e.getMessage());
        }
    }

    static Ttlv encode(RequestMessage m) {
        RequestHeader h = m.header();
        KmipVersion v = h.protocolVersion();
        FieldWriter hw = new FieldWriter(v)
                .add(ProtocolVersions.encode(v))
                .integer(Tag.MAXIMUM_RESPONSE_SIZE, h.maximumResponseSize())
                .text(Tag.CLIENT_CORRELATION_VALUE, h.clientCorrelationValue())
                .text(Tag.SERVER_CORRELATION_VALUE, h.serverCorrelationValue());
        if (h.asynchronousIndicator() != null) {
            hw.add(
                    v.isTwoOrLater()
                            ? Ttlv.enumeration(
                                    Tag.ASYNCHRONOUS_INDICATOR,
                                    h.asynchronousIndicator().value())
                            : Ttlv.bool(
                                    Tag.ASYNCHRONOUS_INDICATOR,
                                    !h.asynchronousIndicator().is(AsynchronousIndicator.PROHIBITED)));
        }
        hw.bool(Tag.ATTESTATION_CAPABLE_INDICATOR, h.attestationCapableIndicator())
                .enumerations(Tag.ATTESTATION_TYPE, h.attestationTypes());
        if (!h.credentials().isEmpty()) {
            FieldWriter auth = new FieldWriter(v);
            h.credentials().forEach(c -> auth.add(CredentialCodec.encode(c, v)));
            hw.add(auth.toStructure(Tag.AUTHENTICATION));
        }
        hw.enumeration(Tag.BATCH_ERROR_CONTINUATION_OPTION, h.batchErrorContinuationOption())
                .bool(Tag.BATCH_ORDER_OPTION, h.batchOrderOption())
                .dateTime(Tag.TIME_STAMP, h.timeStamp())
                .integer(Tag.BATCH_COUNT, h.batchCount());
        FieldWriter mw = new FieldWriter(v).add(hw.toStructure(Tag.REQUEST_HEADER));
        for (RequestBatchItem item : m.batchItems()) {
            FieldWriter iw = new FieldWriter(v)
                    .enumeration(Tag.OPERATION, item.operation())
                    .bool(Tag.EPHEMERAL, item.ephemeral())
                    .bytes(Tag.UNIQUE_BATCH_ITEM_ID, item.uniqueBatchItemId())
                    .add(Ttlv.structure(
                            Tag.REQUEST_PAYLOAD, PayloadMappings.encodeRequest(item.operation(), item.payload(), v)));
            item.messageExtensions().forEach(e -> iw.add(e.toTtlv()));
            mw.add(iw.toStructure(Tag.BATCH_ITEM));
        }
        return mw.toStructure(Tag.REQUEST_MESSAGE);
    }
}
