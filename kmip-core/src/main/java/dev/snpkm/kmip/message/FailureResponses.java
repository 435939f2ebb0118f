package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one builder of failure Response Messages, for every layer that refuses a request before or instead of running
 * it: the transport (a frame that does not decode, a busy or closing server), the engine (an unreadable or unsupported
 * Protocol Version, a header rule broken) and the request filters (a revoked client).
 *
 * <p>A request refused as a whole gets the shape of KMIP 1.4 §11.1 Table 327 ("message cannot be parsed", "protocol
 * major version mismatch"): Response Header {Protocol Version, Time Stamp, Batch Count 1} and one Batch Item without
 * Operation carrying Result Status Operation Failed, a Result Reason and a Result Message. A request refused item by
 * item gets one failed Batch Item per request item, echoing its Operation and Unique Batch Item ID.
 */
public final class FailureResponses {
    /**
     * The version of an answer to a request whose own version cannot be read, or is not one we speak. KMIP 1.4 §6.1:
     * clients and servers SHALL be backward compatible with the versions of the same major number, and support across
     * major numbers is optional. So every 1.x client, the large majority in the field, must read 1.0, while a client
     * written for 1.1-1.3 (vSphere speaks 1.1, Synology and MongoDB 1.2) need not read a later minor; and no version
     * is guaranteed to reach a 2.x client. A failure uses only fields that 1.0 defines, laid out the same through 2.1.
     */
    public static final KmipVersion FALLBACK_VERSION = KmipVersion.V1_0;

    private final Clock clock;

    public FailureResponses(Clock clock) {
        this.clock = clock;
    }

    /**
     * The whole request fails: one Batch Item without Operation.
     *
     * @param requestVersion the request's version; empty, or one not {@link KmipVersion#isSupported supported}, for
     *     {@link #FALLBACK_VERSION}
     */
    public Ttlv.Structure wholeMessage(Optional<KmipVersion> requestVersion, ResultReason reason, String message) {
        return respond(answerVersion(requestVersion), List.of(ResponseBatchItem.failure(null, null, reason, message)));
    }

    /** Every batch item fails with the same reason (e.g. KMIP 1.4 §11.1 Permission Denied), in the request's version. */
    public Ttlv.Structure everyItem(RequestMessage request, ResultReason reason, String message) {
        List<ResponseBatchItem> items = new ArrayList<>();
        for (RequestBatchItem item : request.batchItems()) {
            items.add(ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(), reason, message));
        }
        return respond(answerVersion(Optional.of(request.header().protocolVersion())), items);
    }

    /**
     * As {@link #everyItem(RequestMessage, ResultReason, String)} for a request not yet mapped; one that does not map
     * fails as a whole, in the version its header names if that can be read.
     */
    public Ttlv.Structure everyItem(Ttlv.Structure request, ResultReason reason, String message) {
        RequestMessage mapped;
        try {
            mapped = MessageMapper.requestFromTtlvLenient(request);
        } catch (KmipMappingException e) {
            return wholeMessage(versionOf(request), reason, message);
        }
        return everyItem(mapped, reason, message);
    }

    /** The Protocol Version a request's header names, supported or not; empty when it has no readable one. */
    public static Optional<KmipVersion> versionOf(Ttlv.Structure request) {
        return request.child(Tag.REQUEST_HEADER)
                .filter(Ttlv.Structure.class::isInstance)
                .flatMap(h -> ((Ttlv.Structure) h).child(Tag.PROTOCOL_VERSION))
                .filter(Ttlv.Structure.class::isInstance)
                .map(Ttlv.Structure.class::cast)
                .flatMap(pv -> {
                    Optional<Ttlv> major = pv.child(Tag.PROTOCOL_VERSION_MAJOR);
                    Optional<Ttlv> minor = pv.child(Tag.PROTOCOL_VERSION_MINOR);
                    if (major.orElse(null) instanceof Ttlv.IntegerItem ma
                            && minor.orElse(null) instanceof Ttlv.IntegerItem mi) {
                        return Optional.of(new KmipVersion(ma.value(), mi.value()));
                    }
                    return Optional.empty();
                });
    }

    private static KmipVersion answerVersion(Optional<KmipVersion> requestVersion) {
        return requestVersion.filter(KmipVersion::isSupported).orElse(FALLBACK_VERSION);
    }

    private Ttlv.Structure respond(KmipVersion version, List<ResponseBatchItem> items) {
        ResponseHeader header = ResponseHeader.of(version, clock.instant().getEpochSecond(), items.size());
        return (Ttlv.Structure) MessageMapper.toTtlv(new ResponseMessage(header, items));
    }
}
