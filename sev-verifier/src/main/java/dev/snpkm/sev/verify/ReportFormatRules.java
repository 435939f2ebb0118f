package dev.snpkm.sev.verify;

import static dev.snpkm.sev.report.ReportLayout.*;

import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.GuestPolicy;
import dev.snpkm.sev.report.KeyInfo;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.FailureCode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The strict format rules of go-sev-guest ReportToProto / ParseSnpPolicy / ParseSignerInfo over the
 * SEV-SNP ABI 56860 ATTESTATION_REPORT. Stateless.
 */
public final class ReportFormatRules {
    /** Versions 2..5 are accepted; 4 is embargoed by AMD and parsed as 3. */
    public static final int MIN_VERSION = 2;

    public static final int MAX_VERSION = 5;

    /** Failures after which the signature cannot be checked meaningfully. */
    static final Set<FailureCode> FATAL = EnumSet.of(
            FailureCode.REPORT_VERSION_UNSUPPORTED,
            FailureCode.SIGNATURE_ALGORITHM_UNSUPPORTED,
            FailureCode.SIGNING_KEY_UNSUPPORTED);

    private ReportFormatRules() {}

    public static List<Failure> check(AttestationReport r) {
        List<Failure> out = new ArrayList<>();
        byte[] raw = r.raw().toByteArray();
        if (r.version() < MIN_VERSION || r.version() > MAX_VERSION) {
            out.add(Failure.of(
                    FailureCode.REPORT_VERSION_UNSUPPORTED,
                    "report version " + Integer.toUnsignedString(r.version()) + " is not supported (accepted: "
                            + MIN_VERSION + ".." + MAX_VERSION + ")"));
        }
        if (r.signatureAlgorithm() != SIGNATURE_ALGO_ECDSA_P384_SHA384) {
            out.add(Failure.of(
                    FailureCode.SIGNATURE_ALGORITHM_UNSUPPORTED,
                    "SIGNATURE_ALGO " + Integer.toUnsignedString(r.signatureAlgorithm())
                            + " is not 1 (ECDSA P-384 with SHA-384)"));
        }
        zero(out, raw, RESERVED_04C, 4, "0x04C-0x04F");
        if (r.hasCpuid()) {
            zero(out, raw, 0x18B, 0x1A0 - 0x18B, "0x18B-0x19F");
        } else {
            zero(out, raw, 0x188, 0x1A0 - 0x188, "0x188-0x19F (CPUID bytes are reserved in v2)");
        }
        zero(out, raw, RESERVED_1EB, 1, "0x1EB");
        zero(out, raw, RESERVED_1EF, 1, "0x1EF");
        if (r.hasMitigationVectors()) {
            zero(out, raw, 0x208, SIGNATURE - 0x208, "0x208-0x29F");
        } else {
            zero(
                    out,
                    raw,
                    LAUNCH_MIT_VECTOR,
                    SIGNATURE - LAUNCH_MIT_VECTOR,
                    "0x1F8-0x29F (mitigation vectors are reserved before v5)");
        }
        if (r.signatureAlgorithm() == SIGNATURE_ALGO_ECDSA_P384_SHA384) {
            // Outside the signed range: only this check stops tampering here.
            zero(
                    out,
                    raw,
                    SIGNATURE_RESERVED,
                    REPORT_SIZE - SIGNATURE_RESERVED,
                    "0x330-0x49F (unsigned signature tail)");
            for (int base : new int[] {SIGNATURE_R, SIGNATURE_S}) {
                if (!allZero(raw, base + P384_SCALAR_LENGTH, SIGNATURE_COMPONENT_LENGTH - P384_SCALAR_LENGTH)) {
                    out.add(Failure.of(
                            FailureCode.SIGNATURE_PADDING_NONZERO,
                            "signature " + (base == SIGNATURE_R ? "R" : "S")
                                    + " has non-zero bytes above the 48-byte P-384 scalar"));
                }
            }
        }
        GuestPolicy policy = r.policy();
        if (!policy.reservedBit17Set()) {
            out.add(Failure.of(
                    FailureCode.POLICY_RESERVED_BITS, "guest POLICY bit 17 is 0; the ABI requires it to be 1"));
        }
        if ((policy.raw() & GuestPolicy.RESERVED_MBZ_MASK) != 0) {
            out.add(Failure.of(
                    FailureCode.POLICY_RESERVED_BITS,
                    "guest POLICY reserved bits 63:26 are not zero (0x" + Long.toHexString(policy.raw()) + ")"));
        }
        KeyInfo keyInfo = r.keyInfo();
        if ((keyInfo.raw() & KeyInfo.RESERVED_MBZ_MASK) != 0) {
            out.add(Failure.of(
                    FailureCode.RESERVED_FIELD_NONZERO,
                    "KEY_INFO reserved bits 31:5 are not zero (0x" + Integer.toHexString(keyInfo.raw()) + ")"));
        }
        Optional<SigningKey> key = keyInfo.signingKey();
        if (key.isEmpty()) {
            out.add(Failure.of(
                    FailureCode.SIGNING_KEY_UNSUPPORTED,
                    "KEY_INFO.SIGNING_KEY " + keyInfo.signingKeyField() + " is reserved"));
        } else if (key.get() == SigningKey.NONE) {
            out.add(Failure.of(
                    FailureCode.SIGNING_KEY_UNSUPPORTED, "KEY_INFO.SIGNING_KEY is 7 (NONE): the report is unsigned"));
        }
        return out;
    }

    private static void zero(List<Failure> out, byte[] raw, int offset, int length, String range) {
        if (!allZero(raw, offset, length)) {
            out.add(Failure.of(FailureCode.RESERVED_FIELD_NONZERO, "reserved report bytes " + range + " are not zero"));
        }
    }

    static boolean allZero(byte[] raw, int offset, int length) {
        int acc = 0;
        for (int i = offset; i < offset + length; i++) {
            acc |= raw[i];
        }
        return acc == 0;
    }
}
