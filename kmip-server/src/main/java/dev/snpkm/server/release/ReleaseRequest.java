package dev.snpkm.server.release;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.server.auth.ClientIdentity;
import java.util.Objects;

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
 */
public record ReleaseRequest(ClientIdentity client, Operation operation, String objectUid, String policyName,
        RequestHeader header, byte[] wrappingKeySpki) {
    public ReleaseRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(objectUid, "objectUid");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(header, "header");
        wrappingKeySpki = wrappingKeySpki == null ? null : wrappingKeySpki.clone();
    }

    @Override
    public byte[] wrappingKeySpki() {
        return wrappingKeySpki == null ? null : wrappingKeySpki.clone();
    }
}
