package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table from Operation to payload mapping. Operations missing here (and extension operations) keep their payload
 * as a {@link RawPayload}.
 */
public final class PayloadMappings {
    private static final Map<Operation, PayloadMapping<?, ?>> TABLE = new EnumMap<>(Operation.class);

    static {
        for (PayloadMapping<?, ?> m : List.of(
                DiscoverVersions.MAPPING,
                Query.MAPPING,
                Create.MAPPING,
                CreateKeyPair.MAPPING,
                Register.MAPPING,
                Get.MAPPING,
                GetAttributes.MAPPING,
                GetAttributeList.MAPPING,
                AddAttribute.MAPPING,
                ModifyAttribute.MAPPING,
                DeleteAttribute.MAPPING,
                SetAttribute.MAPPING,
                Locate.MAPPING,
                Activate.MAPPING,
                Revoke.MAPPING,
                Destroy.MAPPING,
                ReKey.MAPPING,
                Check.MAPPING,
                Interop.MAPPING,
                Log.MAPPING,
                ObtainLease.MAPPING,
                Encrypt.MAPPING,
                Decrypt.MAPPING,
                Sign.MAPPING,
                SignatureVerify.MAPPING,
                Mac.MAPPING,
                MacVerify.MAPPING,
                Hash.MAPPING,
                RngRetrieve.MAPPING,
                RngSeed.MAPPING,
                DeriveKey.MAPPING,
                ReKeyKeyPair.MAPPING,
                CreateSplitKey.MAPPING,
                JoinSplitKey.MAPPING,
                AdjustAttribute.MAPPING,
                SetEndpointRole.MAPPING,
                Export.MAPPING,
                Import.MAPPING,
                Archive.MAPPING,
                Recover.MAPPING,
                GetUsageAllocation.MAPPING,
                Validate.MAPPING,
                Certify.MAPPING)) {
            TABLE.put(m.operation(), m);
        }
    }

    private PayloadMappings() {}

    public static Optional<PayloadMapping<?, ?>> forOperation(EnumCode<Operation> op) {
        return op == null ? Optional.empty() : op.known().map(TABLE::get);
    }

    public static RequestPayload decodeRequest(EnumCode<Operation> op, Ttlv.Structure payload, KmipVersion v)
            throws KmipMappingException {
        Optional<PayloadMapping<?, ?>> m = forOperation(op);
        if (m.isEmpty()) {
            return new RawPayload(payload.children());
        }
        FieldReader r = new FieldReader(payload, v);
        return requireAllRead(r, m.get().requestDecoder().decode(r), op);
    }

    public static ResponsePayload decodeResponse(EnumCode<Operation> op, Ttlv.Structure payload, KmipVersion v)
            throws KmipMappingException {
        Optional<PayloadMapping<?, ?>> m = forOperation(op);
        if (m.isEmpty()) {
            return new RawPayload(payload.children());
        }
        FieldReader r = new FieldReader(payload, v);
        return requireAllRead(r, m.get().responseDecoder().decode(r), op);
    }

    /**
     * A field the operation's mapping does not know would be lost on re-encoding, so it is refused (KMIP 1.4 §11.1:
     * an unknown field is Invalid Field).
     */
    private static <T> T requireAllRead(FieldReader r, T payload, EnumCode<Operation> op) throws KmipMappingException {
        Ttlv unknown = r.firstUnread();
        if (unknown != null) {
            throw KmipMappingException.invalidField(
                    unknown.tag(),
                    "not a field of the " + op.known().map(Operation::specName).orElse("?") + " "
                            + KmipMappingException.tagName(r.tag()) + " in KMIP " + r.version());
        }
        return payload;
    }

    /** The payload's fields; the payload must be the operation's request type or a RawPayload. */
    public static List<Ttlv> encodeRequest(EnumCode<Operation> op, RequestPayload p, KmipVersion v) {
        if (p instanceof RawPayload raw) {
            return raw.fields();
        } else if (p instanceof MalformedPayload bad) {
            return bad.fields();
        }
        return encode(forOperation(op).orElseThrow(() -> mismatch(op, p)), p, v, true);
    }

    public static List<Ttlv> encodeResponse(EnumCode<Operation> op, ResponsePayload p, KmipVersion v) {
        if (p instanceof RawPayload raw) {
            return raw.fields();
        }
        return encode(forOperation(op).orElseThrow(() -> mismatch(op, p)), p, v, false);
    }

    @SuppressWarnings("unchecked")
    private static <Q extends RequestPayload, R extends ResponsePayload> List<Ttlv> encode(
            PayloadMapping<Q, R> m, Object p, KmipVersion v, boolean request) {
        FieldWriter w = new FieldWriter(v);
        if (request && m.requestType().isInstance(p)) {
            m.requestEncoder().encode((Q) p, w);
        } else if (!request && m.responseType().isInstance(p)) {
            m.responseEncoder().encode((R) p, w);
        } else {
            throw mismatch(EnumCode.of(m.operation()), p);
        }
        return w.children();
    }

    private static IllegalArgumentException mismatch(EnumCode<Operation> op, Object payload) {
        return new IllegalArgumentException(
                "payload " + payload.getClass().getSimpleName() + " does not belong to operation " + op);
    }
}
