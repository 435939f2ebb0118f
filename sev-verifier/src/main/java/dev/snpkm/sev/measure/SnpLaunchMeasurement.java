package dev.snpkm.sev.measure;

import java.util.Optional;

/**
 * The MEASUREMENT an SEV-SNP guest launched by QEMU/KVM with this firmware will report, computed before it ever runs.
 * In launch order: the OVMF image's pages (normal pages ending at 4 GiB), then the pages OVMF's SEV metadata asks
 * for (zero pages for SNP_SEC_MEM and the SVSM CAA, the secrets page, the CPUID page, and the kernel-hashes page:
 * QEMU's hash table when booting a kernel directly, zeros otherwise), then one VMSA page per vCPU (the bootstrap
 * processor at the reset vector, the others at OVMF's SEV-ES AP reset address). AMD SEV-SNP Firmware ABI, "Launch
 * Digest Calculation" and SNP_LAUNCH_UPDATE; the page order is QEMU's (target/i386/sev.c).
 */
public final class SnpLaunchMeasurement {
    /** KVM supports up to this many vCPUs per guest; a larger count is a typo. */
    private static final int MAX_VCPUS = 4096;

    /** A kernel booted directly by QEMU ({@code -kernel -initrd -append}) with kernel-hashes=on. */
    public record DirectBoot(byte[] kernel, byte[] initrd, String cmdline) {
        public DirectBoot {
            kernel = kernel.clone();
            initrd = initrd.clone();
        }
    }

    /**
     * @param ovmf the firmware image as given to QEMU
     * @param ovmfDigest the launch digest over the image's own pages, if published for it (then only the image's
     *     footer table and metadata are read)
     * @param vcpus how many vCPUs the guest has
     * @param vcpuSignature the CPUID signature of the vCPU type ({@link VcpuType})
     * @param guestFeatures SEV_FEATURES of the VMSAs (0x1: SNP active; QEMU's default)
     */
    public record Inputs(
            byte[] ovmf,
            Optional<byte[]> ovmfDigest,
            int vcpus,
            int vcpuSignature,
            long guestFeatures,
            Optional<DirectBoot> directBoot) {
        public Inputs {
            if (vcpus < 1 || vcpus > MAX_VCPUS) {
                throw new IllegalArgumentException("vCPU count must be 1-" + MAX_VCPUS + ", not " + vcpus);
            }
        }
    }

    private SnpLaunchMeasurement() {}

    /** The launch digest over the firmware image alone, as a vendor would publish it. */
    public static byte[] ovmfDigest(byte[] ovmf) {
        OvmfImage image = OvmfImage.parse(ovmf);
        LaunchDigest d = LaunchDigest.initial();
        d.normalPages(image.gpa(), image.data());
        return d.value();
    }

    public static byte[] compute(Inputs in) {
        OvmfImage image = OvmfImage.parse(in.ovmf());
        LaunchDigest digest;
        if (in.ovmfDigest().isPresent()) {
            digest = LaunchDigest.resumeFrom(in.ovmfDigest().get());
        } else {
            digest = LaunchDigest.initial();
            digest.normalPages(image.gpa(), image.data());
        }
        Optional<KernelHashesTable> hashes =
                in.directBoot().map(b -> new KernelHashesTable(b.kernel(), b.initrd(), b.cmdline()));
        if (hashes.isPresent() && !image.hasSection(OvmfImage.SectionType.SNP_KERNEL_HASHES)) {
            throw new IllegalArgumentException("a kernel was given, but this OVMF has no SNP_KERNEL_HASHES section: "
                    + "it cannot measure a directly booted kernel (build OvmfPkg/AmdSev/AmdSevX64.dsc)");
        }
        for (OvmfImage.Section s : image.sections()) {
            switch (s.type()) {
                case SNP_SEC_MEM, SVSM_CAA -> digest.zeroPages(s.gpa(), s.size());
                case SNP_SECRETS -> digest.secretsPage(s.gpa());
                case CPUID -> digest.cpuidPage(s.gpa());
                case SNP_KERNEL_HASHES -> {
                    if (hashes.isPresent()) {
                        if (s.size() != LaunchDigest.PAGE) {
                            throw new IllegalArgumentException(
                                    "the SNP_KERNEL_HASHES section is " + s.size() + " bytes, not one page");
                        }
                        int offset = (int) (image.sevHashesTableGpa() & (LaunchDigest.PAGE - 1));
                        digest.normalPages(s.gpa(), hashes.get().page(offset));
                    } else {
                        digest.zeroPages(s.gpa(), s.size());
                    }
                }
                default -> throw new IllegalStateException("unhandled section type " + s.type());
            }
        }
        long apEip = image.apResetEip();
        if (in.vcpus() > 1 && apEip == 0) {
            throw new IllegalArgumentException(
                    "this OVMF has no SEV-ES reset block, so it cannot start more than " + "one vCPU under SEV-SNP");
        }
        for (int i = 0; i < in.vcpus(); i++) {
            digest.vmsaPage(VmsaPage.qemu(i == 0 ? VmsaPage.BSP_EIP : apEip, in.guestFeatures(), in.vcpuSignature()));
        }
        return digest.value();
    }
}
