package dev.snpkm.sev.report;

/**
 * PLATFORM_INFO at report offset 0x040 (SEV-SNP ABI 56860). Bit 6 is set on real Turin reports and is
 * deliberately not treated as an error.
 */
public record PlatformInfo(long raw) {

    public boolean smtEnabled() {
        return bit(0);
    }

    public boolean tsmeEnabled() {
        return bit(1);
    }

    public boolean eccEnabled() {
        return bit(2);
    }

    public boolean raplDisabled() {
        return bit(3);
    }

    public boolean ciphertextHidingEnabled() {
        return bit(4);
    }

    public boolean aliasCheckComplete() {
        return bit(5);
    }

    /** Name not confirmed against SEV-SNP ABI 56860; newer code calls it IOMMU_WRITE_SAFE. */
    public boolean bit6() {
        return bit(6);
    }

    public boolean tioEnabled() {
        return bit(7);
    }

    private boolean bit(int n) {
        return (raw >>> n & 1) == 1;
    }
}
