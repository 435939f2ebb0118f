package dev.snpkm.client.attestation;

/**
 * The key manager released a key of another kind than the caller's {@link ExpectedKey} (another object type,
 * algorithm or length): the wrong object was bound or named. The released material was destroyed unused; the message
 * says what it was (type, algorithm, length), never its bytes.
 */
public final class UnsuitableKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String uid;

    UnsuitableKeyException(String uid, String released, String expected) {
        super("key '" + uid + "' was released as " + released + ", not as the " + expected
                + " expected; it was destroyed unused");
        this.uid = uid;
    }

    public String uid() {
        return uid;
    }
}
