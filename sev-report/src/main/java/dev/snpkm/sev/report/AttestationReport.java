package dev.snpkm.sev.report;

import java.util.Optional;

/**
 * A decoded ATTESTATION_REPORT (SEV-SNP ABI 56860). Decoding checks only the size; the strict format
 * rules (reserved ranges, policy bit 17, ...) are applied by the verifier so that a malformed report
 * can still be shown field by field. Immutable; byte fields are {@link HexBytes}.
 *
 * @param cpuidFamily CPUID_FAM_ID, meaningful for version 3 and later (reserved, 0, in v2)
 * @param launchMitVector LAUNCH_MIT_VECTOR, meaningful for version 5 and later
 * @param signatureR raw 72-byte little-endian R as stored in the report
 * @param raw the complete 1184 report bytes
 */
public record AttestationReport(
        int version,
        long guestSvn,
        GuestPolicy policy,
        HexBytes familyId,
        HexBytes imageId,
        long vmpl,
        int signatureAlgorithm,
        long currentTcb,
        PlatformInfo platformInfo,
        KeyInfo keyInfo,
        HexBytes reportData,
        HexBytes measurement,
        HexBytes hostData,
        HexBytes idKeyDigest,
        HexBytes authorKeyDigest,
        HexBytes reportId,
        HexBytes reportIdMa,
        long reportedTcb,
        int cpuidFamily,
        int cpuidModel,
        int cpuidStepping,
        HexBytes chipId,
        long committedTcb,
        int currentBuild,
        int currentMinor,
        int currentMajor,
        int committedBuild,
        int committedMinor,
        int committedMajor,
        long launchTcb,
        long launchMitVector,
        long currentMitVector,
        HexBytes signatureR,
        HexBytes signatureS,
        HexBytes raw) {

    /** CPUID fields exist from version 3 on (v4, still under AMD embargo, is parsed as v3). */
    public boolean hasCpuid() {
        return version >= 3;
    }

    /** Mitigation vectors exist from version 5 on (ABI 1.58). */
    public boolean hasMitigationVectors() {
        return version >= 5;
    }

    /** Product line from CPUID (v3+ only). */
    public Optional<ProductLine> productFromCpuid() {
        return hasCpuid() ? ProductLine.fromCpuid(cpuidFamily, cpuidModel) : Optional.empty();
    }

    /** The bytes covered by the signature (0x000..0x29F). */
    public byte[] signedBytes() {
        return raw.slice(0, ReportLayout.SIGNED_LENGTH).toByteArray();
    }
}
