package dev.snpkm.client.attestation;

/**
 * The key manager released a key without asking for attestation: the key is not bound to a release policy
 * (x-attestation-policy), so anyone holding the client certificate could fetch it. The released form was destroyed.
 */
public final class UnboundKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String uid;

    public UnboundKeyException(String uid) {
        super(describe(uid));
        this.uid = uid;
    }

    /** Never null: names the key and what to do. */
    @Override
    public String getMessage() {
        return describe(uid);
    }

    private static String describe(String uid) {
        return "key '" + uid + "' is not attestation-bound on the key manager (it was released without a report); "
                + "refusing it: have an administrator set x-attestation-policy";
    }

    public String uid() {
        return uid;
    }
}
