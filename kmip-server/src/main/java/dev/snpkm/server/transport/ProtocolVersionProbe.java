package dev.snpkm.server.transport;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.ItemType;
import java.util.Optional;

/**
 * Reads the Protocol Version of a request without decoding the whole message, so that an error response to a message
 * that fails to decode (or that the server is too busy to decode) can still answer in the client's version.
 *
 * <p>Every Request Message starts the same way (KMIP 1.4 §7.2, 2.1 §8.2): Request Message, Request Header, Protocol
 * Version, then the Major and Minor Integers; so the version sits at fixed offsets in the first 56 bytes.
 */
final class ProtocolVersionProbe {
    private static final KmipRegistry REGISTRY = KmipRegistry.get();
    private static final int REQUEST_MESSAGE = REGISTRY.tagValue("Request Message");
    private static final int REQUEST_HEADER = REGISTRY.tagValue("Request Header");
    private static final int PROTOCOL_VERSION = REGISTRY.tagValue("Protocol Version");
    private static final int MAJOR = REGISTRY.tagValue("Protocol Version Major");
    private static final int MINOR = REGISTRY.tagValue("Protocol Version Minor");

    private ProtocolVersionProbe() {}

    /** The version the request claims, if its first items are well formed and name a version we speak. */
    static Optional<KmipVersion> read(byte[] frame) {
        if (frame.length < 56
                || !isHeader(frame, 0, REQUEST_MESSAGE, ItemType.STRUCTURE)
                || !isHeader(frame, 8, REQUEST_HEADER, ItemType.STRUCTURE)
                || !isHeader(frame, 16, PROTOCOL_VERSION, ItemType.STRUCTURE)
                || !isInteger(frame, 24, MAJOR)
                || !isInteger(frame, 40, MINOR)) {
            return Optional.empty();
        }
        KmipVersion v = new KmipVersion(readInt(frame, 32), readInt(frame, 48));
        return v.isSupported() ? Optional.of(v) : Optional.empty();
    }

    private static boolean isHeader(byte[] b, int at, int tag, ItemType type) {
        int t = ((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
        return t == tag && (b[at + 3] & 0xFF) == type.code();
    }

    private static boolean isInteger(byte[] b, int at, int tag) {
        return isHeader(b, at, tag, ItemType.INTEGER) && readInt(b, at + 4) == 4;
    }

    private static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
