package dev.snpkm.sev.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The initial VMSA (the encrypted register state) of a vCPU as QEMU/KVM creates it for an SNP guest: the x86 reset
 * state with KVM's adjustments, placed at the offsets of the SEV-ES save area (AMD64 Architecture Programmer's Manual
 * Vol. 2, Appendix B, Table B-4 "VMSA Layout, State Save Area for SEV-ES"). It is measured as a VMSA page, so the
 * launch digest depends on the vCPU count, the CPU signature QEMU puts in RDX and the guest features (SEV_FEATURES).
 */
final class VmsaPage {
    /** The bootstrap processor starts at the reset vector. */
    static final long BSP_EIP = 0xFFFF_FFF0L;

    // Table B-4 offsets of the fields that are not zero at reset.
    private static final int ES = 0x000;
    private static final int CS = 0x010;
    private static final int SS = 0x020;
    private static final int DS = 0x030;
    private static final int FS = 0x040;
    private static final int GS = 0x050;
    private static final int GDTR = 0x060;
    private static final int LDTR = 0x070;
    private static final int IDTR = 0x080;
    private static final int TR = 0x090;
    private static final int EFER = 0x0D0;
    private static final int CR4 = 0x148;
    private static final int CR0 = 0x158;
    private static final int DR7 = 0x160;
    private static final int DR6 = 0x168;
    private static final int RFLAGS = 0x170;
    private static final int RIP = 0x178;
    private static final int G_PAT = 0x268;
    private static final int RDX = 0x310;
    private static final int SEV_FEATURES = 0x3B0;
    private static final int XCR0 = 0x3E8;
    private static final int MXCSR = 0x408;
    private static final int X87_FCW = 0x410;

    private VmsaPage() {}

    /** QEMU's initial state for a vCPU starting at {@code eip}. */
    static byte[] qemu(long eip, long guestFeatures, int cpuSignature) {
        ByteBuffer b = ByteBuffer.allocate(LaunchDigest.PAGE).order(ByteOrder.LITTLE_ENDIAN);
        // Segment registers: selector (u16), attributes (u16), limit (u32), base (u64).
        segment(b, ES, 0, 0x93, 0xFFFF, 0);
        segment(b, CS, 0xF000, 0x9B, 0xFFFF, eip & 0xFFFF_0000L);
        segment(b, SS, 0, 0x93, 0xFFFF, 0);
        segment(b, DS, 0, 0x93, 0xFFFF, 0);
        segment(b, FS, 0, 0x93, 0xFFFF, 0);
        segment(b, GS, 0, 0x93, 0xFFFF, 0);
        segment(b, GDTR, 0, 0, 0xFFFF, 0);
        segment(b, LDTR, 0, 0x82, 0xFFFF, 0);
        segment(b, IDTR, 0, 0, 0xFFFF, 0);
        segment(b, TR, 0, 0x8B, 0xFFFF, 0);
        b.putLong(EFER, 0x1000); // KVM sets EFER.SVME
        b.putLong(CR4, 0x40); // KVM sets CR4.MCE
        b.putLong(CR0, 0x10);
        b.putLong(DR7, 0x400);
        b.putLong(DR6, 0xFFFF_0FF0L);
        b.putLong(RFLAGS, 0x2);
        b.putLong(RIP, eip & 0xFFFF);
        b.putLong(G_PAT, 0x0007_0406_0007_0406L); // the PAT MSR's reset value (APM Vol. 2, A.3)
        b.putLong(RDX, cpuSignature & 0xFFFF_FFFFL); // CPUID Fn0000_0001_EAX, as after RESET
        b.putLong(SEV_FEATURES, guestFeatures);
        b.putLong(XCR0, 0x1);
        b.putInt(MXCSR, 0x1F80);
        b.putShort(X87_FCW, (short) 0x37F);
        return b.array();
    }

    private static void segment(ByteBuffer b, int at, int selector, int attributes, long limit, long base) {
        b.putShort(at, (short) selector)
                .putShort(at + 2, (short) attributes)
                .putInt(at + 4, (int) limit)
                .putLong(at + 8, base);
    }
}
