package dev.snpkm.sev.report;

/** The guest POLICY word at report offset 0x008 (SEV-SNP ABI 56860 guest policy). */
public record GuestPolicy(long raw) {
    public static final long RESERVED_MUST_BE_ONE = 1L << 17;
    /** Bits 63:26 must be zero. */
    public static final long RESERVED_MBZ_MASK = ~((1L << 26) - 1);

    public int abiMinor() {
        return (int) (raw & 0xFF);
    }

    public int abiMajor() {
        return (int) ((raw >>> 8) & 0xFF);
    }

    public boolean smtAllowed() {
        return bit(16);
    }

    public boolean reservedBit17Set() {
        return bit(17);
    }

    public boolean migrateMaAllowed() {
        return bit(18);
    }

    public boolean debugAllowed() {
        return bit(19);
    }

    public boolean singleSocketRequired() {
        return bit(20);
    }

    public boolean cxlAllowed() {
        return bit(21);
    }

    public boolean memAes256XtsRequired() {
        return bit(22);
    }

    public boolean raplDisRequired() {
        return bit(23);
    }

    public boolean ciphertextHidingRequired() {
        return bit(24);
    }

    public boolean pageSwapDisabled() {
        return bit(25);
    }

    private boolean bit(int n) {
        return (raw >>> n & 1) == 1;
    }
}
