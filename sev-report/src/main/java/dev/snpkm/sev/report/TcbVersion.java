package dev.snpkm.sev.report;

/**
 * The security patch levels of a TCB_VERSION, decoded with the product's layout (SEV-SNP ABI 56860 TCB_VERSION).
 * {@code fmc} is 0 on Milan/Genoa, which have no FMC component.
 */
public record TcbVersion(int fmc, int bootLoader, int tee, int snp, int microcode) {

    public TcbVersion {
        checkRange("fmc", fmc);
        checkRange("bootLoader", bootLoader);
        checkRange("tee", tee);
        checkRange("snp", snp);
        checkRange("microcode", microcode);
    }

    private static void checkRange(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("TCB component " + name + " must be 0..255, got " + value);
        }
    }

    /** Legacy (fam 19h): byte0 BL, byte1 TEE, bytes 2-5 reserved, byte6 SNP, byte7 ucode. Turin: FMC, BL, TEE, SNP, 3 reserved, ucode. */
    public static TcbVersion decode(long raw, ProductLine product) {
        if (product.turinTcbLayout()) {
            return new TcbVersion(byteAt(raw, 0), byteAt(raw, 1), byteAt(raw, 2), byteAt(raw, 3), byteAt(raw, 7));
        }
        return new TcbVersion(0, byteAt(raw, 0), byteAt(raw, 1), byteAt(raw, 6), byteAt(raw, 7));
    }

    public long encode(ProductLine product) {
        if (product.turinTcbLayout()) {
            return (long) fmc | (long) bootLoader << 8 | (long) tee << 16 | (long) snp << 24 | (long) microcode << 56;
        }
        return (long) bootLoader | (long) tee << 8 | (long) snp << 48 | (long) microcode << 56;
    }

    /** Component-wise comparison (go-sev-guest kds.TCBPartsLE semantics); a u64 comparison would be wrong. */
    public boolean isAtLeast(TcbVersion minimum) {
        return fmc >= minimum.fmc
                && bootLoader >= minimum.bootLoader
                && tee >= minimum.tee
                && snp >= minimum.snp
                && microcode >= minimum.microcode;
    }

    /**
     * The components below {@code minimum}, in {@link #toString()}'s notation ("snp=22 ucode=80"); empty when
     * {@link #isAtLeast} holds. Lets a refusal name what to patch instead of two whole TCBs to compare by eye.
     */
    public String componentsBelow(TcbVersion minimum) {
        StringBuilder b = new StringBuilder();
        below(b, "fmc", fmc, minimum.fmc);
        below(b, "bl", bootLoader, minimum.bootLoader);
        below(b, "tee", tee, minimum.tee);
        below(b, "snp", snp, minimum.snp);
        below(b, "ucode", microcode, minimum.microcode);
        return b.toString();
    }

    private static void below(StringBuilder b, String name, int value, int minimum) {
        if (value < minimum) {
            b.append(b.isEmpty() ? "" : " ").append(name).append('=').append(value);
        }
    }

    private static int byteAt(long raw, int index) {
        return (int) (raw >>> (8 * index)) & 0xFF;
    }

    @Override
    public String toString() {
        return "fmc=" + fmc + " bl=" + bootLoader + " tee=" + tee + " snp=" + snp + " ucode=" + microcode;
    }
}
