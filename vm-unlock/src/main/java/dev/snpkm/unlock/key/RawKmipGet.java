package dev.snpkm.unlock.key;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Optional;

/**
 * A KMIP 1.4 Get of a Symmetric Key built and read on the raw TTLV tree (KMIP 1.4 §4.11), because the typed message
 * model is not in kmip-core yet. Isolated here so the typed client replaces exactly this class.
 *
 * <p>The request carries what PyKMIP accepts (pykmip.md §6): Protocol Version and Batch Count only, no Time Stamp,
 * no correlation value, no attestation fields.
 */
public final class RawKmipGet {
    private static final KmipRegistry R = KmipRegistry.get();
    private static final int REQUEST_MESSAGE = R.tagValue("Request Message");
    private static final int REQUEST_HEADER = R.tagValue("Request Header");
    private static final int PROTOCOL_VERSION = R.tagValue("Protocol Version");
    private static final int MAJOR = R.tagValue("Protocol Version Major");
    private static final int MINOR = R.tagValue("Protocol Version Minor");
    private static final int BATCH_COUNT = R.tagValue("Batch Count");
    private static final int BATCH_ITEM = R.tagValue("Batch Item");
    private static final int OPERATION = R.tagValue("Operation");
    private static final int REQUEST_PAYLOAD = R.tagValue("Request Payload");
    private static final int RESPONSE_PAYLOAD = R.tagValue("Response Payload");
    private static final int UNIQUE_IDENTIFIER = R.tagValue("Unique Identifier");
    private static final int RESULT_STATUS = R.tagValue("Result Status");
    private static final int RESULT_REASON = R.tagValue("Result Reason");
    private static final int RESULT_MESSAGE = R.tagValue("Result Message");
    private static final int OBJECT_TYPE = R.tagValue("Object Type");
    private static final int SYMMETRIC_KEY = R.tagValue("Symmetric Key");
    private static final int KEY_BLOCK = R.tagValue("Key Block");
    private static final int KEY_FORMAT_TYPE = R.tagValue("Key Format Type");
    private static final int KEY_VALUE = R.tagValue("Key Value");
    private static final int KEY_MATERIAL = R.tagValue("Key Material");
    private static final int KEY_WRAPPING_DATA = R.tagValue("Key Wrapping Data");

    private static final int GET = enumValue("Operation", "Get");
    private static final int SUCCESS = enumValue("Result Status", "Success");
    private static final int OBJECT_SYMMETRIC_KEY = enumValue("Object Type", "Symmetric Key");
    private static final int FORMAT_RAW = enumValue("Key Format Type", "Raw");

    private RawKmipGet() {
    }

    /** Get(Unique Identifier) in a one-item KMIP 1.4 Request Message. */
    public static Ttlv.Structure request(String uniqueIdentifier) {
        return Ttlv.structure(REQUEST_MESSAGE,
                Ttlv.structure(REQUEST_HEADER,
                        Ttlv.structure(PROTOCOL_VERSION, Ttlv.integer(MAJOR, 1), Ttlv.integer(MINOR, 4)),
                        Ttlv.integer(BATCH_COUNT, 1)),
                Ttlv.structure(BATCH_ITEM,
                        Ttlv.enumeration(OPERATION, GET),
                        Ttlv.structure(REQUEST_PAYLOAD, Ttlv.text(UNIQUE_IDENTIFIER, uniqueIdentifier))));
    }

    /**
     * The Key Material of the Symmetric Key in a Get response.
     *
     * @return a fresh array the caller zeroes after use
     * @throws KeySourceException if the server refused (with its Result Reason and Message), or the answer is not an
     *     unwrapped Raw symmetric key
     */
    public static byte[] keyMaterial(Ttlv.Structure response) throws KeySourceException {
        Ttlv.Structure item = structure(response, BATCH_ITEM, "Batch Item");
        int status = item.child(RESULT_STATUS).map(t -> ((Ttlv.Enumeration) t).value())
                .orElseThrow(() -> new KeySourceException("Get response has no Result Status"));
        if (status != SUCCESS) {
            String reason = item.child(RESULT_REASON)
                    .flatMap(t -> R.valueOf("Result Reason", ((Ttlv.Enumeration) t).value(), null))
                    .map(v -> v.name()).orElse("no reason given");
            String message = item.child(RESULT_MESSAGE).map(t -> ": " + ((Ttlv.TextString) t).value()).orElse("");
            throw new KeySourceException("key manager refused the Get: " + reason + message);
        }
        Ttlv.Structure payload = structure(item, RESPONSE_PAYLOAD, "Response Payload");
        int objectType = payload.child(OBJECT_TYPE).map(t -> ((Ttlv.Enumeration) t).value()).orElse(-1);
        if (objectType != OBJECT_SYMMETRIC_KEY) {
            throw new KeySourceException("the key id names an object of type " + objectType
                    + ", not a Symmetric Key");
        }
        Ttlv.Structure block = structure(structure(payload, SYMMETRIC_KEY, "Symmetric Key"), KEY_BLOCK, "Key Block");
        if (block.child(KEY_WRAPPING_DATA).isPresent()) {
            throw new KeySourceException("the key was returned wrapped; this key source handles only plain keys");
        }
        int format = block.child(KEY_FORMAT_TYPE).map(t -> ((Ttlv.Enumeration) t).value()).orElse(-1);
        if (format != FORMAT_RAW) {
            throw new KeySourceException("key format type " + format + " is not Raw");
        }
        Ttlv.Structure value = structure(block, KEY_VALUE, "Key Value");
        Optional<Ttlv> material = value.child(KEY_MATERIAL);
        if (material.isEmpty() || !(material.get() instanceof Ttlv.ByteString bytes)) {
            throw new KeySourceException("Key Value holds no Key Material byte string");
        }
        return bytes.value();
    }

    private static Ttlv.Structure structure(Ttlv.Structure parent, int tag, String name) throws KeySourceException {
        Optional<Ttlv> child = parent.child(tag);
        if (child.isEmpty() || !(child.get() instanceof Ttlv.Structure s)) {
            throw new KeySourceException("Get response has no " + name + " structure");
        }
        return s;
    }

    private static int enumValue(String enumeration, String name) {
        return R.valueByName(enumeration, name, null).orElseThrow().value();
    }
}
