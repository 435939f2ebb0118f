package dev.snpkm.server.operations;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.List;
import java.util.Optional;

/**
 * The KMIP server profiles this server claims (KMIP Profiles 1.4 and 2.1): exactly those whose every mandatory OASIS
 * test case passes in the project's own suite ({@code OasisConformanceTest} fails when a claimed profile's mandatory
 * case fails). Query Profiles reports them by Profile Name; a profile whose test cases exist in a version that has no
 * Profile Name for it (AES XTS in 1.4) is claimed by the suite but not reported.
 */
public final class ClaimedProfiles {
    /**
     * @param casePrefix the OASIS test case file prefix, e.g. {@code SKLC} in SKLC-M-1-21.xml
     * @param version "1.4" or "2.1"
     * @param profileName the Profile Name enumeration value's name in that version, empty if it has none
     */
    public record Claim(String casePrefix, String version, Optional<String> profileName) {}

    private static final List<Claim> CLAIMS = List.of(
            claim("BL", "2.1", "Baseline Server"),
            claim("SKLC", "2.1", "Symmetric Key Lifecycle Server"),
            claim("SKFF", "2.1", "Symmetric Key Foundry Server"),
            claim("AKLC", "2.1", "Asymmetric Key Lifecycle Server"),
            claim("OMOS", "2.1", "Opaque Managed Object Store Server"),
            claim("SASED", "2.1", "Storage Array with Self Encrypting Drive Server"),
            claim("TL", "2.1", "Tape Library Server"),
            claim("AX", "2.1", "AES XTS Server"),
            claim("CS-BC", "2.1", "Basic Cryptographic Server"),
            claim("CS-AC", "2.1", "Advanced Cryptographic Server"),
            claim("CS-RNG", "2.1", "RNG Cryptographic Server"),
            claim("QS", "2.1", "Quantum Safe Server"),
            claim("SKLC", "1.4", "Symmetric Key Lifecycle Server KMIP v1.4"),
            claim("SKFF", "1.4", "Symmetric Key Foundry Server KMIP v1.4"),
            claim("AKLC", "1.4", "Asymmetric Key Lifecycle Server KMIP v1.4"),
            claim("OMOS", "1.4", "Opaque Managed Object Store Server KMIP v1.4"),
            claim("SASED", "1.4", "Storage Array with Self Encrypting Drive Server KMIP v1.4"),
            claim("TL", "1.4", "Tape Library Server KMIP v1.4"),
            new Claim("AX", "1.4", Optional.empty()),
            claim("CS-BC", "1.4", "Basic Cryptographic Server KMIP v1.4"),
            claim("CS-AC", "1.4", "Advanced Cryptographic Server KMIP v1.4"),
            claim("CS-RNG", "1.4", "RNG Cryptographic Server KMIP v1.4"));

    private ClaimedProfiles() {}

    private static Claim claim(String prefix, String version, String profileName) {
        return new Claim(prefix, version, Optional.of(profileName));
    }

    public static List<Claim> all() {
        return CLAIMS;
    }

    /**
     * The Profile Name values to report to a request of this version: the 2.1 claims for 2.x, the 1.4 claims for 1.4,
     * none for older versions (whose Profile Names describe profiles this server was never tested against).
     */
    public static List<Integer> profileNameValues(KmipVersion version) {
        String claimed = version.isTwoOrLater() ? "2.1" : version.equals(KmipVersion.V1_4) ? "1.4" : "";
        return CLAIMS.stream()
                .filter(c -> c.version().equals(claimed))
                .flatMap(c -> c.profileName().stream())
                .map(name -> KmipRegistry.get()
                        .valueByName("Profile Name", name, version)
                        .orElseThrow(() -> new IllegalStateException("no Profile Name '" + name + "' in " + version))
                        .value())
                .toList();
    }
}
