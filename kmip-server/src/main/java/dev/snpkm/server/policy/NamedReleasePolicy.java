package dev.snpkm.server.policy;

import dev.snpkm.sev.policy.ReleasePolicy;
import java.util.Objects;

/**
 * One entry of the appliance's policy file: what the guest must prove (the sev-verifier {@link ReleasePolicy}) plus
 * what the key server may do once it has (release the key unwrapped, or only wrapped to the key REPORT_DATA binds).
 *
 * @param name the name keys carry in {@code x-attestation-policy}
 * @param evidence the rules for the attestation report
 * @param allowUnwrappedRelease whether a key may leave in plain form (REPORT_DATA binding no key); false by default,
 *     because plain material in the KMIP response is readable by anyone who can read the TLS session's endpoint
 */
public record NamedReleasePolicy(String name, ReleasePolicy evidence, boolean allowUnwrappedRelease) {
    public NamedReleasePolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(evidence, "evidence");
    }
}
