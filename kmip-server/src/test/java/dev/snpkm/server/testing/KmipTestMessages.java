package dev.snpkm.server.testing;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.transport.KmipRequestProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Minimal Request and Response Messages on the raw TTLV tree, until the typed model exists: a request carries a
 * marker in its Unique Batch Item ID, and {@link #echo()} answers with the same marker and the caller's CN.
 */
public final class KmipTestMessages {
    private static final KmipRegistry R = KmipRegistry.get();
    public static final int REQUEST_MESSAGE = R.tagValue("Request Message");
    public static final int RESPONSE_MESSAGE = R.tagValue("Response Message");
    public static final int REQUEST_HEADER = R.tagValue("Request Header");
    public static final int RESPONSE_HEADER = R.tagValue("Response Header");
    public static final int PROTOCOL_VERSION = R.tagValue("Protocol Version");
    public static final int MAJOR = R.tagValue("Protocol Version Major");
    public static final int MINOR = R.tagValue("Protocol Version Minor");
    public static final int TIME_STAMP = R.tagValue("Time Stamp");
    public static final int BATCH_COUNT = R.tagValue("Batch Count");
    public static final int BATCH_ITEM = R.tagValue("Batch Item");
    public static final int OPERATION = R.tagValue("Operation");
    public static final int UNIQUE_BATCH_ITEM_ID = R.tagValue("Unique Batch Item ID");
    public static final int RESULT_STATUS = R.tagValue("Result Status");
    public static final int RESULT_REASON = R.tagValue("Result Reason");
    public static final int RESULT_MESSAGE = R.tagValue("Result Message");
    public static final int REQUEST_PAYLOAD = R.tagValue("Request Payload");

    private KmipTestMessages() {}

    /** A 1.4 Query request whose batch item id is the marker. */
    public static Ttlv.Structure request(String marker) {
        return request(1, 4, marker);
    }

    public static Ttlv.Structure request(int major, int minor, String marker) {
        return Ttlv.structure(
                REQUEST_MESSAGE,
                Ttlv.structure(
                        REQUEST_HEADER,
                        Ttlv.structure(PROTOCOL_VERSION, Ttlv.integer(MAJOR, major), Ttlv.integer(MINOR, minor)),
                        Ttlv.integer(BATCH_COUNT, 1)),
                Ttlv.structure(
                        BATCH_ITEM,
                        Ttlv.enumeration(OPERATION, enumValue("Operation", "Query")),
                        Ttlv.bytes(UNIQUE_BATCH_ITEM_ID, marker.getBytes(StandardCharsets.UTF_8)),
                        Ttlv.structure(REQUEST_PAYLOAD)));
    }

    /** Answers Success, echoing the version and marker, with the client's CN as Result Message. */
    public static KmipRequestProcessor echo() {
        return (request, client) -> echoResponse(request, client);
    }

    public static Ttlv.Structure echoResponse(Ttlv.Structure request, ClientIdentity client) {
        Ttlv.Structure header = (Ttlv.Structure) request.child(REQUEST_HEADER).orElseThrow();
        Ttlv.Structure item = (Ttlv.Structure) request.child(BATCH_ITEM).orElseThrow();
        return Ttlv.structure(
                RESPONSE_MESSAGE,
                Ttlv.structure(
                        RESPONSE_HEADER,
                        header.child(PROTOCOL_VERSION).orElseThrow(),
                        Ttlv.dateTime(TIME_STAMP, Instant.now().getEpochSecond()),
                        Ttlv.integer(BATCH_COUNT, 1)),
                Ttlv.structure(
                        BATCH_ITEM,
                        item.child(OPERATION).orElseThrow(),
                        item.child(UNIQUE_BATCH_ITEM_ID).orElseThrow(),
                        Ttlv.enumeration(RESULT_STATUS, enumValue("Result Status", "Success")),
                        Ttlv.text(RESULT_MESSAGE, client.commonName().orElse(""))));
    }

    /** The marker of a request or echo response. */
    public static String marker(Ttlv message) {
        return batchItem(message)
                .child(UNIQUE_BATCH_ITEM_ID)
                .map(t -> new String(((Ttlv.ByteString) t).value(), StandardCharsets.UTF_8))
                .orElseThrow();
    }

    public static Ttlv.Structure batchItem(Ttlv message) {
        return (Ttlv.Structure) ((Ttlv.Structure) message).child(BATCH_ITEM).orElseThrow();
    }

    /** The Result Reason's name, if the response carries one. */
    public static Optional<String> resultReason(Ttlv response) {
        return batchItem(response)
                .child(RESULT_REASON)
                .map(t -> R.valueOf("Result Reason", ((Ttlv.Enumeration) t).value(), null)
                        .orElseThrow()
                        .name());
    }

    public static String resultStatus(Ttlv response) {
        int v = ((Ttlv.Enumeration) batchItem(response).child(RESULT_STATUS).orElseThrow()).value();
        return R.valueOf("Result Status", v, null).orElseThrow().name();
    }

    public static String resultMessage(Ttlv response) {
        return batchItem(response)
                .child(RESULT_MESSAGE)
                .map(t -> ((Ttlv.TextString) t).value())
                .orElse("");
    }

    /** "major.minor" of a response's header. */
    public static String protocolVersion(Ttlv response) {
        Ttlv.Structure header = (Ttlv.Structure)
                ((Ttlv.Structure) response).child(RESPONSE_HEADER).orElseThrow();
        Ttlv.Structure pv = (Ttlv.Structure) header.child(PROTOCOL_VERSION).orElseThrow();
        return ((Ttlv.IntegerItem) pv.child(MAJOR).orElseThrow()).value() + "."
                + ((Ttlv.IntegerItem) pv.child(MINOR).orElseThrow()).value();
    }

    private static int enumValue(String enumeration, String name) {
        return R.valueByName(enumeration, name, null).orElseThrow().value();
    }
}
