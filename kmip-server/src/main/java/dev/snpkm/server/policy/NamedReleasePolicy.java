package dev.snpkm.server.policy;

import dev.snpkm.server.wrap.WrappingStrength;
import dev.snpkm.sev.policy.ReleasePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One entry of the appliance's policy file: what the guest must prove (the sev-verifier {@link ReleasePolicy}) plus
 * what the key server may do once it has (release the key unwrapped, or only wrapped to the key REPORT_DATA binds).
 *
 * @param name the name keys carry in {@code x-attestation-policy}
 * @param evidence the rules for the attestation report
 * @param allowUnwrappedRelease whether a key may leave in plain form (REPORT_DATA binding no key); false by default,
 *     because plain material in the KMIP response is readable by anyone who can read the TLS session's endpoint
 * @param minimumWrappingBits the least security strength of the key a release is wrapped to ({@link
 *     WrappingStrength}): 128 by default, as the TLS channel the wrapped key travels in (P-256 or RSA-3072 qualify);
 *     192 asks for P-384 (or RSA-7680)
 */
public record NamedReleasePolicy(
        String name, ReleasePolicy evidence, boolean allowUnwrappedRelease, int minimumWrappingBits) {
    /** What a policy that does not say asks of the wrapping key. */
    public static final int DEFAULT_MINIMUM_WRAPPING_BITS = 128;

    public NamedReleasePolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(evidence, "evidence");
        if (!WrappingStrength.LEVELS.contains(minimumWrappingBits)) {
            throw new IllegalArgumentException("minimum wrapping strength must be one of " + WrappingStrength.LEVELS);
        }
    }

    /**
     * The guest-side protections a policy may turn off, by their policy-file keys, each off by default and shown when
     * on. (allow-smt is on by default, as most hosts run SMT; a policy that forbids it is stricter, not relaxed.)
     */
    private static final Map<String, Predicate<ReleasePolicy>> RELAXATIONS = new LinkedHashMap<>();

    static {
        RELAXATIONS.put("allow-debug", ReleasePolicy::allowDebug);
        RELAXATIONS.put("allow-migration-agent", ReleasePolicy::allowMigrationAgent);
        RELAXATIONS.put("allow-provisional-firmware", ReleasePolicy::allowProvisionalFirmware);
    }

    /**
     * One line for an operator, in the policy file's own words: what a release under this policy requires, and which
     * of the guest's protections it does not (a relaxed policy must be visible where policies are listed).
     */
    public String summary() {
        String relaxed = RELAXATIONS.entrySet().stream()
                .filter(e -> e.getValue().test(evidence))
                .map(Map.Entry::getKey)
                .collect(Collectors.joining(","));
        return name + " measurements=" + evidence.measurements().size() + " " + ReleasePolicyFile.ALLOW_UNWRAPPED + "="
                + allowUnwrappedRelease + " " + ReleasePolicyFile.MINIMUM_WRAPPING_STRENGTH + "=" + minimumWrappingBits
                + (relaxed.isEmpty() ? "" : " relaxed=" + relaxed);
    }
}
