package dev.snpkm.appliance.cli;

import dev.snpkm.sev.measure.SnpLaunchMeasurement;
import dev.snpkm.sev.measure.VcpuType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kmipctl policies measure}: the MEASUREMENT a QEMU/KVM SEV-SNP guest will report, computed offline from what
 * launches it, so an administrator can bind keys before the VM first boots. Optionally adds it to a policy of the
 * appliance's policy file (then {@code kmipctl policies reload}).
 */
@Command(
        name = "measure",
        mixinStandardHelpOptions = true,
        description = {
            "Compute the SEV-SNP launch measurement of a QEMU/KVM guest from its firmware, kernel, "
                    + "initrd, command line, vCPUs and guest features, and optionally add it to a policy.",
            "Without --kernel the measurement covers the firmware only (the guest's bootloader, kernel and disk are "
                    + "not measured); with --kernel (measured direct boot, OVMF built from AmdSevX64.dsc) it also covers "
                    + "the kernel, initrd and command line QEMU was given."
        })
final class PoliciesMeasureCommand implements Callable<Integer> {
    /** Kernels, initrds and firmware beyond this are not what a guest boots; the bound keeps memory in check. */
    private static final long MAX_INPUT_BYTES = 512L << 20;

    @Option(names = "--ovmf", required = true, paramLabel = "FILE", description = "The OVMF image given to QEMU.")
    Path ovmf;

    @Option(
            names = "--ovmf-digest",
            paramLabel = "HEX",
            description = "The launch digest of the firmware's own pages, if its vendor publishes it (96 hex digits);"
                    + " the image is then read only for its SEV metadata.")
    String ovmfDigest;

    @Option(names = "--kernel", paramLabel = "FILE", description = "Kernel booted directly (-kernel).")
    Path kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "Its initrd (-initrd); needs --kernel.")
    Path initrd;

    @Option(names = "--append", paramLabel = "CMDLINE", description = "Its command line (-append); needs --kernel.")
    String append;

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1", description = "vCPU count (-smp; 1).")
    int vcpus;

    @ArgGroup(exclusive = true)
    VcpuChoice vcpu = new VcpuChoice();

    static final class VcpuChoice {
        @Option(
                names = "--vcpu-type",
                paramLabel = "MODEL",
                defaultValue = "EPYC-v4",
                description = "QEMU CPU model (-cpu), e.g. EPYC-Milan, EPYC-Genoa (EPYC-v4).")
        String type = "EPYC-v4";

        @Option(names = "--vcpu-sig", paramLabel = "HEX", description = "Or the CPUID signature itself (0x00A00F11).")
        String signature;
    }

    @Option(
            names = "--guest-features",
            paramLabel = "HEX",
            defaultValue = "0x1",
            description = "SEV_FEATURES of the VMSAs (QEMU's sev-snp-guest default 0x1: SNP active).")
    String guestFeatures;

    @Option(
            names = "--policy-file",
            paramLabel = "FILE",
            description = "Add the measurement to --policy in this policy file (validated, written durably).")
    Path policyFile;

    @Option(names = "--policy", paramLabel = "NAME", description = "The policy to add it to.")
    String policy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CliFailure {
        if ((policyFile == null) != (policy == null)) {
            throw new CliFailure("--policy-file and --policy go together");
        }
        if (kernel == null && (initrd != null || append != null)) {
            throw new CliFailure("--initrd and --append measure only with --kernel (measured direct boot)");
        }
        byte[] digest;
        try {
            digest = SnpLaunchMeasurement.compute(new SnpLaunchMeasurement.Inputs(
                    read(ovmf),
                    Optional.ofNullable(ovmfDigest).map(PoliciesMeasureCommand::digestHex),
                    vcpus,
                    signature(),
                    number("--guest-features", guestFeatures),
                    directBoot()));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e);
        }
        String hex = HexFormat.of().formatHex(digest);
        var out = spec.commandLine().getOut();
        out.println(hex);
        if (policyFile != null) {
            PolicyFileEditor.Outcome o = PolicyFileEditor.addMeasurement(policyFile, policy, hex);
            out.println(
                    o.added()
                            ? "added to policy '" + policy + "' in " + policyFile
                                    + "; apply it with: kmipctl policies reload"
                            : "policy '" + policy + "' already allows it");
            if (o.commentsDropped()) {
                spec.commandLine().getErr().println("kmipctl: note: the comments of " + policyFile + " were not kept");
            }
        }
        return 0;
    }

    private Optional<SnpLaunchMeasurement.DirectBoot> directBoot() throws CliFailure {
        if (kernel == null) {
            return Optional.empty();
        }
        return Optional.of(new SnpLaunchMeasurement.DirectBoot(
                read(kernel), initrd == null ? new byte[0] : read(initrd), append == null ? "" : append));
    }

    private int signature() throws CliFailure {
        try {
            return vcpu.signature != null ? (int) number("--vcpu-sig", vcpu.signature) : VcpuType.signature(vcpu.type);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e);
        }
    }

    private static byte[] digestHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ovmf-digest must be 96 hex digits");
        }
    }

    private static long number(String option, String text) throws CliFailure {
        try {
            return Long.decode(text.strip());
        } catch (NumberFormatException e) {
            throw new CliFailure(option + " must be a number (decimal or 0x hex), not '" + text + "'");
        }
    }

    private static byte[] read(Path file) throws CliFailure {
        try {
            long size = Files.size(file);
            if (size > MAX_INPUT_BYTES) {
                throw new CliFailure(file + " is " + size + " bytes; more than " + (MAX_INPUT_BYTES >> 20)
                        + " MiB is not a firmware, kernel or initrd");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage());
        }
    }
}
