package dev.snpkm.sev.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds an unsigned ATTESTATION_REPORT with fields at the SEV-SNP ABI 56860 offsets, for tests that need no AMD key
 * (the report model, the guest side). Defaults: version 3, policy 0x30000, signature algorithm 1, REPORT_ID_MA all
 * 0xFF. The signing builder with the generated AMD hierarchy is sev-verifier's {@code SnpReportBuilder}.
 */
public final class UnsignedReportBuilder {
    private final ByteBuffer b = ByteBuffer.allocate(0x4A0).order(ByteOrder.LITTLE_ENDIAN);

    public UnsignedReportBuilder() {
        b.putInt(0x000, 3);
        b.putLong(0x008, 0x30000L);
        b.putInt(0x034, 1);
        for (int i = 0x160; i < 0x180; i++) {
            b.put(i, (byte) 0xFF);
        }
    }

    public UnsignedReportBuilder version(int v) {
        b.putInt(0x000, v);
        return this;
    }

    public UnsignedReportBuilder guestSvn(int svn) {
        b.putInt(0x004, svn);
        return this;
    }

    public UnsignedReportBuilder policy(long p) {
        b.putLong(0x008, p);
        return this;
    }

    public UnsignedReportBuilder vmpl(int v) {
        b.putInt(0x030, v);
        return this;
    }

    public UnsignedReportBuilder keyInfo(int k) {
        b.putInt(0x048, k);
        return this;
    }

    public UnsignedReportBuilder reportData(byte[] data64) {
        b.put(0x050, data64);
        return this;
    }

    public UnsignedReportBuilder measurement(byte[] m48) {
        b.put(0x090, m48);
        return this;
    }

    public UnsignedReportBuilder hostData(byte[] h32) {
        b.put(0x0C0, h32);
        return this;
    }

    public UnsignedReportBuilder cpuid(int family, int model, int stepping) {
        b.put(0x188, (byte) family).put(0x189, (byte) model).put(0x18A, (byte) stepping);
        return this;
    }

    public UnsignedReportBuilder chipId(byte[] c64) {
        b.put(0x1A0, c64);
        return this;
    }

    /** The same raw TCB into CURRENT, REPORTED, COMMITTED and LAUNCH. */
    public UnsignedReportBuilder tcb(long raw) {
        b.putLong(0x038, raw).putLong(0x180, raw).putLong(0x1E0, raw).putLong(0x1F0, raw);
        return this;
    }

    public UnsignedReportBuilder currentTcb(long raw) {
        b.putLong(0x038, raw);
        return this;
    }

    /** LAUNCH_MIT_VECTOR and CURRENT_MIT_VECTOR (report version 5 and later). */
    public UnsignedReportBuilder mitigationVectors(long launch, long current) {
        b.putLong(0x1F8, launch).putLong(0x200, current);
        return this;
    }

    public byte[] build() {
        return b.array().clone();
    }
}
