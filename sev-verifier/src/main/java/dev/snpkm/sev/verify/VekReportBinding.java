package dev.snpkm.sev.verify;

import dev.snpkm.sev.cert.VekCertificate;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.FailureCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the VEK certificate belongs to this report: REPORTED_TCB equals the certificate's SPLs, the
 * VCEK's hwID equals CHIP_ID, and the certificate's TCB is not above CURRENT_TCB.
 */
public final class VekReportBinding {

    private VekReportBinding() {}

    public static List<Failure> check(AttestationReport r, VekCertificate vek, ProductLine product) {
        List<Failure> out = new ArrayList<>();
        long certTcb = vek.tcbRaw(product);
        // All 8 bytes, including reserved SPLs (go-sev-guest validateTcb: tcbNeError(reported, cert)).
        if (certTcb != r.reportedTcb()) {
            out.add(Failure.of(
                    FailureCode.TCB_MISMATCH,
                    "REPORTED_TCB 0x" + Long.toHexString(r.reportedTcb()) + " ("
                            + TcbVersion.decode(r.reportedTcb(), product) + ") differs from the " + vek.kind()
                            + " certificate's TCB 0x"
                            + Long.toHexString(certTcb) + " (" + TcbVersion.decode(certTcb, product) + ")"));
        }
        if (!TcbVersion.decode(r.currentTcb(), product).isAtLeast(TcbVersion.decode(certTcb, product))) {
            out.add(Failure.of(
                    FailureCode.CURRENT_TCB_BELOW_REPORTED,
                    "CURRENT_TCB (" + TcbVersion.decode(r.currentTcb(), product) + ") is below the certificate's TCB ("
                            + TcbVersion.decode(certTcb, product) + ")"));
        }
        if (vek.kind() == SigningKey.VCEK) {
            chip(out, r.chipId(), vek.hwId().orElseThrow(), product);
        }
        return out;
    }

    private static void chip(List<Failure> out, HexBytes chipId, HexBytes hwId, ProductLine product) {
        if (chipId.isAllZero()) {
            // MaskChipId: nothing binds the VCEK to this chip, so a VCEK-signed report is refused (stricter than
            // go-sev-guest).
            out.add(Failure.of(
                    FailureCode.CHIP_ID_MISMATCH,
                    "CHIP_ID is masked (all zero), so the VCEK cannot be bound to the chip"));
            return;
        }
        if (hwId.length() != product.hwIdLength()) {
            out.add(Failure.of(
                    FailureCode.CHIP_ID_MISMATCH,
                    "VCEK hwID has " + hwId.length() + " bytes; " + product + " uses " + product.hwIdLength()));
            return;
        }
        boolean equal = hwId.contentEquals(chipId.slice(0, hwId.length()).toByteArray());
        // Turin: only CHIP_ID[0:8] is significant and [8:64] must be zero (the Turin hwID is 8 bytes).
        boolean tailZero = hwId.length() == chipId.length()
                || chipId.slice(hwId.length(), chipId.length() - hwId.length()).isAllZero();
        if (!equal || !tailZero) {
            out.add(Failure.of(
                    FailureCode.CHIP_ID_MISMATCH,
                    "CHIP_ID " + chipId.hex() + " does not match the VCEK hwID " + hwId.hex()));
        }
    }
}
