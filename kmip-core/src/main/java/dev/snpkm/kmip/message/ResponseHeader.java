package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Response Header (KMIP 2.1 Table 398, 1.4 Table 284). Nonce and Attestation Type carry the attestation challenge
 * that goes with Result Reason Attestation Required (KMIP 1.4 §11.1; docs/ARCHITECTURE.md "The attested release").
 *
 * @param timeStamp Date-Time in POSIX seconds (required)
 * @param serverHashedPassword 2.x, when the Hashed Password credential was used; else null
 */
public record ResponseHeader(
        KmipVersion protocolVersion,
        long timeStamp,
        @Nullable Nonce nonce,
        @Nullable Bytes serverHashedPassword,
        List<EnumCode<AttestationType>> attestationTypes,
        @Nullable String clientCorrelationValue,
        @Nullable String serverCorrelationValue,
        int batchCount) {

    public ResponseHeader {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        attestationTypes = List.copyOf(attestationTypes);
    }

    public static ResponseHeader of(KmipVersion version, long timeStamp, int batchCount) {
        return new ResponseHeader(version, timeStamp, null, null, List.of(), null, null, batchCount);
    }

    /** This header with the attestation challenge: a fresh nonce and the attestation types the server accepts. */
    public ResponseHeader withAttestationChallenge(Nonce challenge, List<EnumCode<AttestationType>> accepted) {
        return new ResponseHeader(
                protocolVersion,
                timeStamp,
                challenge,
                serverHashedPassword,
                accepted,
                clientCorrelationValue,
                serverCorrelationValue,
                batchCount);
    }

    public ResponseHeader withCorrelationValues(@Nullable String client, @Nullable String server) {
        return new ResponseHeader(
                protocolVersion, timeStamp, nonce, serverHashedPassword, attestationTypes, client, server, batchCount);
    }
}
