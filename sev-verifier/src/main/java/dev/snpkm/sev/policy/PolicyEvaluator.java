package dev.snpkm.sev.policy;

import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.FailureCode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link ReleasePolicy} to an already authenticated report and returns every failed rule (TCB, POLICY,
 * PLATFORM_INFO, VMPL, MEASUREMENT, HOST_DATA, REPORT_DATA, identities). Stateless and thread-safe. Byte fields are
 * compared in constant time.
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {}

    /**
     * @param product the verified product line, or empty if unknown (then per-product rules fail closed)
     * @param expectedReportData REPORT_DATA the caller expects (e.g. H(nonce ‖ key)), or null to rely on the policy's
     */
    public static List<Failure> evaluate(
            AttestationReport r, Optional<ProductLine> product, ReleasePolicy p, byte @Nullable [] expectedReportData) {
        List<Failure> out = new ArrayList<>();
        if (!p.measurements().isEmpty() && !containsConstantTime(p.measurements(), r.measurement())) {
            out.add(Failure.of(
                    FailureCode.MEASUREMENT_NOT_ALLOWED,
                    "MEASUREMENT " + r.measurement().hex() + " is not in the allow-list of policy " + p.name()));
        }
        if (!p.products().isEmpty() && (product.isEmpty() || !p.products().contains(product.get()))) {
            out.add(Failure.of(
                    FailureCode.PRODUCT_NOT_ALLOWED,
                    "product line " + product.map(Enum::name).orElse("unknown") + " is not allowed by policy "
                            + p.name()));
        }
        product.map(pl -> p.minimumTcb().get(pl))
                .flatMap(min -> belowMinimumTcb(r, product.get(), min, p.allowProvisionalFirmware()))
                .ifPresent(out::add);
        if (product.isEmpty() && !p.minimumTcb().isEmpty()) {
            out.add(Failure.of(FailureCode.TCB_BELOW_MINIMUM, "cannot check the minimum TCB: product line unknown"));
        }
        // A floor set for some products is no reason to let another product in with none: an older or unpatched
        // host of a line the policy forgot would pass with any TCB. Fail closed; name the product to add.
        if (product.isPresent() && !p.minimumTcb().isEmpty() && !p.minimumTcb().containsKey(product.get())) {
            out.add(Failure.of(
                    FailureCode.TCB_BELOW_MINIMUM,
                    "policy " + p.name() + " sets a minimum TCB for "
                            + p.minimumTcb().keySet() + " but none for " + product.get() + ": add one, or leave "
                            + product.get() + " out of products"));
        }
        if (r.policy().debugAllowed() && !p.allowDebug()) {
            out.add(Failure.of(
                    FailureCode.DEBUG_ENABLED,
                    "guest POLICY allows debugging (bit 19): the host can decrypt guest memory"));
        }
        // REPORT_ID_MA is all 0xFF when no migration agent is bound (SEV-SNP ABI 56860).
        boolean maBound = !allOnes(r.reportIdMa());
        if ((r.policy().migrateMaAllowed() || maBound) && !p.allowMigrationAgent()) {
            out.add(Failure.of(
                    FailureCode.MIGRATION_AGENT_ALLOWED,
                    maBound
                            ? "the guest is associated with a migration agent (REPORT_ID_MA set)"
                            : "guest POLICY allows a migration agent (bit 18)"));
        }
        if (!p.allowSmt() && (r.policy().smtAllowed() || r.platformInfo().smtEnabled())) {
            out.add(Failure.of(
                    FailureCode.SMT_NOT_ALLOWED,
                    r.platformInfo().smtEnabled()
                            ? "SMT is enabled on the platform (PLATFORM_INFO bit 0) but the policy forbids it"
                            : "guest POLICY allows SMT (bit 16) but the policy forbids it"));
        }
        if (p.requireSingleSocket() && !r.policy().singleSocketRequired()) {
            out.add(Failure.of(
                    FailureCode.SINGLE_SOCKET_REQUIRED, "guest POLICY does not require a single socket (bit 20)"));
        }
        if (r.vmpl() != p.vmpl()) {
            out.add(Failure.of(
                    FailureCode.VMPL_MISMATCH, "report VMPL is " + r.vmpl() + ", policy requires " + p.vmpl()));
        }
        p.hostData().ifPresent(h -> {
            if (!h.contentEquals(r.hostData().toByteArray())) {
                out.add(Failure.of(
                        FailureCode.HOST_DATA_MISMATCH, "HOST_DATA does not equal the policy's expected value"));
            }
        });
        if (!p.idKeyDigests().isEmpty() && !containsConstantTime(p.idKeyDigests(), r.idKeyDigest())) {
            out.add(Failure.of(
                    FailureCode.ID_KEY_NOT_ALLOWED,
                    "ID_KEY_DIGEST " + r.idKeyDigest().hex() + " is not in the allow-list"));
        }
        if (!p.authorKeyDigests().isEmpty()
                && (!r.keyInfo().authorKeyEnabled()
                        || !containsConstantTime(p.authorKeyDigests(), r.authorKeyDigest()))) {
            out.add(Failure.of(
                    FailureCode.AUTHOR_KEY_NOT_ALLOWED,
                    r.keyInfo().authorKeyEnabled()
                            ? "AUTHOR_KEY_DIGEST " + r.authorKeyDigest().hex() + " is not in the allow-list"
                            : "the policy requires an author key but KEY_INFO.AUTHOR_KEY_EN is 0"));
        }
        if (!p.chipIds().isEmpty() && p.chipIds().stream().noneMatch(c -> chipMatches(c, r.chipId()))) {
            out.add(Failure.of(
                    FailureCode.CHIP_ID_NOT_ALLOWED, "CHIP_ID " + r.chipId().hex() + " is not in the allow-list"));
        }
        Optional<SigningKey> key = r.keyInfo().signingKey();
        if (key.isEmpty() || !p.signingKeys().contains(key.get())) {
            out.add(Failure.of(
                    FailureCode.SIGNING_KEY_NOT_ALLOWED,
                    "signing key " + key.map(Enum::name).orElse("reserved") + " is not allowed by policy " + p.name()
                            + " (allowed: " + p.signingKeys() + ")"));
        }
        if (r.guestSvn() < p.minimumGuestSvn()) {
            out.add(Failure.of(
                    FailureCode.GUEST_SVN_BELOW_MINIMUM,
                    "GUEST_SVN " + r.guestSvn() + " is below the minimum " + p.minimumGuestSvn()));
        }
        byte[] actualReportData = r.reportData().toByteArray();
        if (expectedReportData != null && !MessageDigest.isEqual(expectedReportData, actualReportData)) {
            out.add(Failure.of(
                    FailureCode.REPORT_DATA_MISMATCH,
                    "REPORT_DATA does not equal the expected value (nonce/key binding)"));
        }
        p.reportData().ifPresent(rd -> {
            if (!rd.contentEquals(actualReportData)) {
                out.add(Failure.of(
                        FailureCode.REPORT_DATA_MISMATCH, "REPORT_DATA does not equal the policy's expected value"));
            }
        });
        return out;
    }

    /**
     * The floor holds for every TCB the report carries, not only the one the VEK certifies: REPORTED_TCB (what the
     * VEK certifies, which the host may set below what it runs), CURRENT_TCB (the firmware running now),
     * COMMITTED_TCB (the firmware the host can roll back to after the release: a provisional update passes today
     * and is undone tomorrow) and LAUNCH_TCB (the firmware the guest was launched under: a hot update does not undo
     * what the older firmware could expose). go-sev-guest: MinimumTCB, MinimumLaunchTCB, PermitProvisionalFirmware.
     * One failure naming each TCB below the floor and its components; the hints apply when CURRENT_TCB meets the
     * floor, which makes the cause certain.
     */
    private static Optional<Failure> belowMinimumTcb(
            AttestationReport r, ProductLine product, TcbVersion min, boolean allowProvisionalFirmware) {
        TcbVersion current = TcbVersion.decode(r.currentTcb(), product);
        boolean currentMeetsFloor = current.isAtLeast(min);
        String rollBack = currentMeetsFloor ? " (provisional firmware: the host can roll back to it)" : "";
        String relaunch = currentMeetsFloor ? " (the guest was launched under older firmware: restart it)" : "";
        List<String> below = new ArrayList<>();
        below(below, "REPORTED_TCB", TcbVersion.decode(r.reportedTcb(), product), min, "");
        below(below, "CURRENT_TCB", current, min, "");
        if (!allowProvisionalFirmware) {
            below(below, "COMMITTED_TCB", TcbVersion.decode(r.committedTcb(), product), min, rollBack);
        }
        below(below, "LAUNCH_TCB", TcbVersion.decode(r.launchTcb(), product), min, relaunch);
        return below.isEmpty()
                ? Optional.empty()
                : Optional.of(Failure.of(
                        FailureCode.TCB_BELOW_MINIMUM,
                        "TCB below the " + product + " minimum (" + min + "): " + String.join(", ", below)));
    }

    private static void below(List<String> out, String field, TcbVersion tcb, TcbVersion min, String hint) {
        String components = tcb.componentsBelow(min);
        if (!components.isEmpty()) {
            out.add(field + " " + components + hint);
        }
    }

    /** Checks every entry (no early exit) so the time does not reveal which entry matched. */
    private static boolean containsConstantTime(List<HexBytes> allowed, HexBytes actual) {
        byte[] a = actual.toByteArray();
        boolean found = false;
        for (HexBytes candidate : allowed) {
            found |= candidate.contentEquals(a);
        }
        return found;
    }

    /** Turin chip ids are 8 significant bytes followed by 56 zero bytes (the VCEK hwID is 8 bytes). */
    private static boolean chipMatches(HexBytes allowed, HexBytes chipId) {
        byte[] c = chipId.toByteArray();
        if (allowed.length() == 64) {
            return allowed.contentEquals(c);
        }
        return allowed.contentEquals(java.util.Arrays.copyOf(c, 8))
                && chipId.slice(8, 56).isAllZero();
    }

    private static boolean allOnes(HexBytes b) {
        for (byte x : b.toByteArray()) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
