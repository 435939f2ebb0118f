package dev.snpkm.server.release;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.server.auth.ClientIdentity;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request for a bound object's material.
 *
 * @param client the identity proven by the TLS client certificate
 * @param operation the operation asking (Get; any other operation on a bound object is denied by the handler)
 * @param objectUid the bound object
 * @param policyName the value of its {@code x-attestation-policy} attribute
 * @param header the request header: Attestation Capable Indicator and the Attestation credential, if any
 * @param wrappingKeySpki the DER SubjectPublicKeyInfo of the public key the material will be wrapped to, or null when
 *     the client asked for the material unwrapped; REPORT_DATA must bind exactly this key
 * @param onRelease the handler's store writes for an approved release (Get: the key is no longer Fresh), run by the
 *     gate inside the decision so that they commit with the release record, or not at all
 */
public record ReleaseRequest(
        ClientIdentity client,
        Operation operation,
        String objectUid,
        String policyName,
        RequestHeader header,
        byte @Nullable [] wrappingKeySpki,
        Runnable onRelease) {
    public ReleaseRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(objectUid, "objectUid");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(onRelease, "onRelease");
        wrappingKeySpki = wrappingKeySpki == null ? null : wrappingKeySpki.clone();
    }

    /** A request whose release writes nothing in the store. */
    public ReleaseRequest(
            ClientIdentity client,
            Operation operation,
            String objectUid,
            String policyName,
            RequestHeader header,
            byte @Nullable [] wrappingKeySpki) {
        this(client, operation, objectUid, policyName, header, wrappingKeySpki, () -> {});
    }

    @Override
    public byte @Nullable [] wrappingKeySpki() {
        return wrappingKeySpki == null ? null : wrappingKeySpki.clone();
    }
}
