package dev.snpkm.sev.cli;

import dev.snpkm.sev.cert.AmdRootStore;
import dev.snpkm.sev.cert.EvidenceFiles;
import dev.snpkm.sev.cert.EvidenceLimits;
import dev.snpkm.sev.cert.OfflineVekDirectory;
import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.policy.yaml.ReleasePolicyLoader;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.FailureCode;
import dev.snpkm.sev.verdict.Verdict;
import dev.snpkm.sev.verify.ReportVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verify}: checks one report against AMD's pinned roots and prints the verdict as JSON. Exit 0 accepted, 1 refused, 2 usage. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
                "Verify an SEV-SNP attestation report (signature, VCEK/VLEK chain to AMD's pinned roots, TCB/chip binding, optional release policy).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:report accepted",
            "1:report refused (the JSON names every failed check)",
            "2:usage or input error"
        })
public final class VerifyCommand implements Callable<Integer> {
    static final int ACCEPTED = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;

    /** The AMD roots to trust; null = the pinned real ones (the only choice a user has). */
    private final @Nullable AmdRootStore roots;

    public VerifyCommand() {
        this(null);
    }

    /** For tests: trust a generated AMD hierarchy instead of AMD's real roots. */
    VerifyCommand(@Nullable AmdRootStore roots) {
        this.roots = roots;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--report", required = true, paramLabel = "FILE", description = "raw 1184-byte ATTESTATION_REPORT")
    Path report;

    @ArgGroup(exclusive = true)
    VekInput vekInput;

    static final class VekInput {
        @Option(names = "--vcek", paramLabel = "FILE", description = "VCEK or VLEK certificate (DER or PEM)")
        Path vcek;

        @Option(
                names = "--cert-table",
                paramLabel = "FILE",
                description = "GHCB certificate table (configfs-tsm auxblob)")
        Path certTable;
    }

    @Option(
            names = "--vcek-dir",
            paramLabel = "DIR",
            description = "offline directory of pre-provisioned VCEK/VLEK certificates")
    Path vcekDir;

    @Option(
            names = "--product",
            paramLabel = "milan|genoa|turin",
            description = "product line (needed only for v2 reports when the certificate does not say)")
    String product;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "release policy (YAML or JSON); without it only authenticity is checked")
    Path policy;

    @Option(
            names = "--allow-debug",
            description = "without --policy, accept a guest whose POLICY allows debugging "
                    + "(the host can then read its memory); refused by default")
    boolean allowDebug;

    @Option(
            names = "--report-data",
            paramLabel = "HEX",
            description = "expected REPORT_DATA, 64 bytes as 128 hex digits")
    String reportData;

    @Option(
            names = "--at",
            paramLabel = "INSTANT",
            description = "verification time for certificate validity, e.g. 2025-01-01T00:00:00Z (default: now)")
    String at;

    @Override
    public Integer call() {
        try {
            ReportVerifier.Builder b = ReportVerifier.builder();
            if (roots != null) {
                b.roots(roots);
            }
            if (allowDebug && policy != null) {
                throw new IllegalArgumentException(
                        "--allow-debug applies only without --policy; with a policy, set " + "allow-debug in it");
            }
            if (product != null) {
                b.assumedProduct(ProductLine.parse(product));
            }
            if (at != null) {
                b.clock(Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
            }
            if (vcekDir != null) {
                b.vekSource(new OfflineVekDirectory(vcekDir));
            }
            byte[] expected =
                    reportData == null ? null : HexBytes.fromHex(reportData).toByteArray();
            if (expected != null && expected.length != 64) {
                throw new IllegalArgumentException(
                        "--report-data must be 64 bytes (128 hex digits), got " + expected.length + " bytes");
            }
            ReleasePolicy rp = policy == null ? null : ReleasePolicyLoader.load(policy);
            byte[] reportBytes = read(report, "--report", EvidenceLimits.REPORT_BYTES);
            byte[] vek = vekInput != null && vekInput.vcek != null
                    ? read(vekInput.vcek, "--vcek", EvidenceLimits.CERTIFICATE_BYTES)
                    : null;
            byte[] table = vekInput != null && vekInput.certTable != null
                    ? read(vekInput.certTable, "--cert-table", EvidenceLimits.CERT_TABLE_BYTES)
                    : null;
            ReportVerifier verifier = b.build();
            Verdict v;
            if (rp == null) {
                v = refuseDebugUnlessAllowed(verifier.verifyAuthenticity(reportBytes, table, vek, expected));
            } else if (vek != null) {
                v = verifier.verifyWithVek(reportBytes, vek, expected, rp);
            } else {
                v = verifier.verify(reportBytes, table, expected, rp);
            }
            spec.commandLine().getOut().println(VerdictJson.render(v));
            spec.commandLine().getOut().flush();
            return v.accepted() ? ACCEPTED : REFUSED;
        } catch (PolicyFormatException | IllegalArgumentException | DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Without a policy only authenticity is checked, but a script doing {@code verify && release} must not release
     * to a guest the host can debug (POLICY bit 19, SEV-SNP ABI §4.3): refused unless {@code --allow-debug}.
     */
    private Verdict refuseDebugUnlessAllowed(Verdict v) {
        if (allowDebug || v.report().map(r -> !r.policy().debugAllowed()).orElse(true)) {
            return v;
        }
        List<Failure> failures = new ArrayList<>(v.failures());
        failures.add(Failure.of(
                FailureCode.DEBUG_ENABLED,
                "guest POLICY allows debugging (bit 19): the host can "
                        + "decrypt guest memory; pass --allow-debug to accept it anyway"));
        return new Verdict(failures, v.report(), v.product(), v.signingKey(), v.vek());
    }

    private Path checkReadable(Path p, String option) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": " + p + " is not a readable file");
        }
        return p;
    }

    /** Never reads more than {@code max} + 1 bytes: a 2 GiB "report" is refused with one line, not read whole. */
    private byte[] read(Path p, String option, int max) {
        try {
            return EvidenceFiles.read(checkReadable(p, option), max);
        } catch (EvidenceFiles.TooLarge e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + p + ": " + e.getMessage());
        }
    }
}
