package dev.snpkm.unlock.report;

/**
 * A TCB_VERSION (8 bytes) split by the CPU family's layout (SEV-SNP ABI 56860 TCB_VERSION): Milan/Genoa (family 19h)
 * keep bootloader, TEE, SNP and microcode in bytes 0, 1, 6, 7; Turin (family 1Ah) has FMC, bootloader, TEE, SNP in
 * bytes 0-3 and microcode in byte 7.
 */
public record TcbVersion(long raw, boolean turinLayout) {

    private int part(int index) {
        return (int) (raw >>> (8 * index)) & 0xFF;
    }

    public int bootLoader() {
        return turinLayout ? part(1) : part(0);
    }

    public int tee() {
        return turinLayout ? part(2) : part(1);
    }

    public int snp() {
        return turinLayout ? part(3) : part(6);
    }

    public int microcode() {
        return part(7);
    }

    @Override
    public String toString() {
        String parts = "bootloader " + bootLoader() + ", TEE " + tee() + ", SNP " + snp() + ", microcode "
                + microcode();
        return String.format("0x%016x (%s%s)", raw, turinLayout ? "FMC " + part(0) + ", " : "", parts);
    }
}
