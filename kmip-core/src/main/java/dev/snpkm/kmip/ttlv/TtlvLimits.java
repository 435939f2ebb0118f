package dev.snpkm.kmip.ttlv;

/**
 * Bounds the decoder enforces so that hostile input costs bounded memory and time.
 *
 * @param maxMessageBytes largest whole message accepted, header included
 * @param maxDepth deepest Structure nesting accepted (the message itself is depth 1)
 */
public record TtlvLimits(int maxMessageBytes, int maxDepth) {
    /** 16 MiB and 32 levels: far above any real KMIP message, far below what hurts the server. */
    public static final TtlvLimits DEFAULT = new TtlvLimits(16 * 1024 * 1024, 32);

    public TtlvLimits {
        if (maxMessageBytes < 8 || maxDepth < 1) {
            throw new IllegalArgumentException(
                    "limits must allow at least one item: " + maxMessageBytes + "/" + maxDepth);
        }
    }
}
