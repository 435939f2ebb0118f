package dev.snpkm.kmip.payload;

/** The typed content of a Response Payload; one record per operation, {@link RawPayload} for the rest. */
public interface ResponsePayload {
    /**
     * Zeroes the secret bytes this payload holds (a released key), once it has been encoded for the wire; a payload
     * that holds none does nothing. The sender calls it on every payload, so it need not know which carry keys.
     */
    default void destroy() {}

    /** Whether this payload carries key material (a Get's or an Export's object): it must not leave undone. */
    default boolean holdsKeyMaterial() {
        return false;
    }
}
