package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.message.Nonce;
import java.util.List;

/**
 * The gate asked for attestation evidence: the batch item fails with Attestation Required and the response header
 * carries this nonce and the accepted types (KMIP 1.4 §11.1, KMIP Usage Guide 2.1 §3.58).
 */
public final class AttestationChallenge extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Nonce nonce;
    private final transient List<EnumCode<AttestationType>> acceptedTypes;

    public AttestationChallenge(String message, Nonce nonce, List<EnumCode<AttestationType>> acceptedTypes) {
        super(message, null, false, false);
        this.nonce = nonce;
        this.acceptedTypes = List.copyOf(acceptedTypes);
    }

    public Nonce nonce() {
        return nonce;
    }

    public List<EnumCode<AttestationType>> acceptedTypes() {
        return acceptedTypes;
    }
}
