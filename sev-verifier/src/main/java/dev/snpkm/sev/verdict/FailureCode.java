package dev.snpkm.sev.verdict;

/**
 * Stable machine codes for every check the verifier can fail. Codes are part of the API (the key
 * server logs them and maps them to KMIP "Attestation Failed" reasons): never rename one.
 */
public enum FailureCode {
    // Report format (SEV-SNP ABI 56860: ATTESTATION_REPORT, POLICY, KEY_INFO)
    REPORT_MALFORMED,
    REPORT_VERSION_UNSUPPORTED,
    RESERVED_FIELD_NONZERO,
    SIGNATURE_ALGORITHM_UNSUPPORTED,
    SIGNATURE_PADDING_NONZERO,
    POLICY_RESERVED_BITS,
    SIGNING_KEY_UNSUPPORTED,
    // Product line (report CPUID vs the certificate chain)
    PRODUCT_UNKNOWN,
    PRODUCT_MISMATCH,
    // Certificates (VCEK/KDS spec 57230)
    VEK_UNAVAILABLE,
    CERT_TABLE_MALFORMED,
    VEK_MALFORMED,
    VEK_KIND_MISMATCH,
    CHAIN_INVALID,
    CERT_EXPIRED,
    CERT_REVOKED,
    CRL_INVALID,
    // Report signature (SEV-SNP ABI 56860 SIGNATURE)
    SIGNATURE_INVALID,
    // Report ↔ VEK binding (REPORTED_TCB, CHIP_ID, CURRENT_TCB vs the VEK extensions)
    TCB_MISMATCH,
    CHIP_ID_MISMATCH,
    CURRENT_TCB_BELOW_REPORTED,
    // Release policy
    MEASUREMENT_NOT_ALLOWED,
    TCB_BELOW_MINIMUM,
    PRODUCT_NOT_ALLOWED,
    DEBUG_ENABLED,
    MIGRATION_AGENT_ALLOWED,
    SMT_NOT_ALLOWED,
    SINGLE_SOCKET_REQUIRED,
    VMPL_MISMATCH,
    HOST_DATA_MISMATCH,
    ID_KEY_NOT_ALLOWED,
    AUTHOR_KEY_NOT_ALLOWED,
    CHIP_ID_NOT_ALLOWED,
    SIGNING_KEY_NOT_ALLOWED,
    GUEST_SVN_BELOW_MINIMUM,
    REPORT_DATA_MISMATCH
}
