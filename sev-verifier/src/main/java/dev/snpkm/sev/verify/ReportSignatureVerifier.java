package dev.snpkm.sev.verify;

import static dev.snpkm.sev.report.ReportLayout.*;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA P-384 / SHA-384 over report bytes 0x000-0x29F (SEV-SNP ABI 56860 SIGNATURE), with Bouncy Castle's low-level
 * API: no JCA lookup, no DER round trip, and it reuses the key's point precomputation across calls (this is
 * what makes cached verification cheap; see docs/benchmarks/sev.md). Stateless and thread-safe.
 */
public final class ReportSignatureVerifier {

    private ReportSignatureVerifier() {}

    /**
     * True if the report's signature verifies under {@code key}. R and S are 72-byte little-endian fields of which
     * only the low 48 bytes may be set; non-zero padding is a failure here too (a PLAIN-ECDSA decoder that ignores
     * it would accept a report with tampered padding).
     */
    public static boolean verify(byte[] report, ECPublicKeyParameters key) {
        if (report.length != REPORT_SIZE
                || !ReportFormatRules.allZero(
                        report, SIGNATURE_R + P384_SCALAR_LENGTH, SIGNATURE_COMPONENT_LENGTH - P384_SCALAR_LENGTH)
                || !ReportFormatRules.allZero(
                        report, SIGNATURE_S + P384_SCALAR_LENGTH, SIGNATURE_COMPONENT_LENGTH - P384_SCALAR_LENGTH)) {
            return false;
        }
        SHA384Digest digest = new SHA384Digest();
        digest.update(report, 0, SIGNED_LENGTH);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(hash, littleEndian(report, SIGNATURE_R), littleEndian(report, SIGNATURE_S));
    }

    private static BigInteger littleEndian(byte[] src, int offset) {
        byte[] be = new byte[P384_SCALAR_LENGTH];
        for (int i = 0; i < P384_SCALAR_LENGTH; i++) {
            be[i] = src[offset + P384_SCALAR_LENGTH - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
