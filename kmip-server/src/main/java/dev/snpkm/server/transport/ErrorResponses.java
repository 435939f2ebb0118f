package dev.snpkm.server.transport;

import dev.snpkm.kmip.registry.EnumValue;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Response Messages for requests the transport answers itself, before any typed model exists: a message that cannot
 * be decoded, a server too busy to take it, a processor that crashed. Built on the raw TTLV tree.
 *
 * <p>Shape (KMIP 1.4 §11.1 "message cannot be parsed"): Response Header {Protocol Version, Time Stamp, Batch Count 1}
 * and one Batch Item without Operation, carrying Result Status Operation Failed, a Result Reason and a Result
 * Message.
 *
 * <p>Version: the request's own when it can be read, else 1.4. 1.4 because most clients in the field (vSphere,
 * storage arrays, PyKMIP) speak 1.x and some reject a response whose major version differs from theirs, while the
 * 1.x header and batch item have the same layout in 2.x, so a 2.x client can still read the failure.
 */
public final class ErrorResponses {
    /** The version used when the request's own version cannot be read. */
    public static final KmipVersion FALLBACK_VERSION = KmipVersion.V1_4;

    private static final KmipRegistry R = KmipRegistry.get();
    private static final int RESPONSE_MESSAGE = R.tagValue("Response Message");
    private static final int RESPONSE_HEADER = R.tagValue("Response Header");
    private static final int PROTOCOL_VERSION = R.tagValue("Protocol Version");
    private static final int MAJOR = R.tagValue("Protocol Version Major");
    private static final int MINOR = R.tagValue("Protocol Version Minor");
    private static final int TIME_STAMP = R.tagValue("Time Stamp");
    private static final int BATCH_COUNT = R.tagValue("Batch Count");
    private static final int BATCH_ITEM = R.tagValue("Batch Item");
    private static final int RESULT_STATUS = R.tagValue("Result Status");
    private static final int RESULT_REASON = R.tagValue("Result Reason");
    private static final int RESULT_MESSAGE = R.tagValue("Result Message");

    private final Clock clock;

    public ErrorResponses(Clock clock) {
        this.clock = clock;
    }

    /** The request decoded to no valid TTLV (KMIP 1.4 §11.1: Invalid Message). */
    public Ttlv.Structure invalidMessage(byte[] request, @Nullable String problem) {
        return failure(ProtocolVersionProbe.read(request), "Invalid Message", problem);
    }

    /** Every worker is busy and the queue is full; the client should retry. */
    public Ttlv.Structure serverBusy(byte[] request) {
        return failure(ProtocolVersionProbe.read(request), "General Failure",
                "server busy: too many requests in progress, retry shortly");
    }

    /**
     * The client sent more requests than its rate allows. KMIP 2.x has "Server Limit Exceeded" for a limit of the
     * server's that the request ran into; 1.x has no such reason, so those versions get General Failure, and the
     * message says which limit and that a retry later will do.
     */
    public Ttlv.Structure rateLimited(byte[] request, String limit) {
        Optional<KmipVersion> v = ProtocolVersionProbe.read(request);
        boolean v2 = v.orElse(FALLBACK_VERSION).major() >= 2;
        return failure(v, v2 ? "Server Limit Exceeded" : "General Failure",
                "rate limit exceeded: " + limit + "; slow down and retry");
    }

    /** The server is shutting down and takes no new requests. */
    public Ttlv.Structure shuttingDown(byte[] request) {
        return failure(ProtocolVersionProbe.read(request), "General Failure",
                "server shutting down, retry on another node or after restart");
    }

    /** The processor failed unexpectedly; the message says nothing about the request's content. */
    public Ttlv.Structure internalError(byte[] request) {
        return failure(ProtocolVersionProbe.read(request), "General Failure", "internal server error");
    }

    /** A failure response naming its Result Reason by its KMIP name, e.g. "Invalid Message". */
    public Ttlv.Structure failure(Optional<KmipVersion> requestVersion, String resultReason, String message) {
        KmipVersion v = requestVersion.orElse(FALLBACK_VERSION);
        Ttlv header = Ttlv.structure(RESPONSE_HEADER,
                Ttlv.structure(PROTOCOL_VERSION, Ttlv.integer(MAJOR, v.major()), Ttlv.integer(MINOR, v.minor())),
                Ttlv.dateTime(TIME_STAMP, clock.instant().getEpochSecond()),
                Ttlv.integer(BATCH_COUNT, 1));
        Ttlv item = Ttlv.structure(BATCH_ITEM,
                Ttlv.enumeration(RESULT_STATUS, enumValue("Result Status", "Operation Failed", v)),
                Ttlv.enumeration(RESULT_REASON, enumValue("Result Reason", resultReason, v)),
                Ttlv.text(RESULT_MESSAGE, message));
        return Ttlv.structure(RESPONSE_MESSAGE, header, item);
    }

    private static int enumValue(String enumeration, String name, KmipVersion v) {
        return R.valueByName(enumeration, name, v).map(EnumValue::value)
                .orElseThrow(() -> new IllegalArgumentException("no " + enumeration + " named " + name));
    }
}
