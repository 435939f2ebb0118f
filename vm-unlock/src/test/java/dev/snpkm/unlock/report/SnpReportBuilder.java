package dev.snpkm.unlock.report;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds an unsigned ATTESTATION_REPORT with fields at the SEV-SNP ABI 56860 offsets, for tests. */
public final class SnpReportBuilder {
    private final ByteBuffer b = ByteBuffer.allocate(0x4A0).order(ByteOrder.LITTLE_ENDIAN);

    public SnpReportBuilder() {
        b.putInt(0x000, 3);
        b.putLong(0x008, 0x30000L);
        b.putInt(0x034, 1);
        for (int i = 0x160; i < 0x180; i++) {
            b.put(i, (byte) 0xFF);
        }
    }

    public SnpReportBuilder version(int v) {
        b.putInt(0x000, v);
        return this;
    }

    public SnpReportBuilder policy(long p) {
        b.putLong(0x008, p);
        return this;
    }

    public SnpReportBuilder vmpl(int v) {
        b.putInt(0x030, v);
        return this;
    }

    public SnpReportBuilder keyInfo(int k) {
        b.putInt(0x048, k);
        return this;
    }

    public SnpReportBuilder reportData(byte[] data64) {
        b.put(0x050, data64);
        return this;
    }

    public SnpReportBuilder measurement(byte[] m48) {
        b.put(0x090, m48);
        return this;
    }

    public SnpReportBuilder hostData(byte[] h32) {
        b.put(0x0C0, h32);
        return this;
    }

    public SnpReportBuilder cpuid(int family, int model, int stepping) {
        b.put(0x188, (byte) family).put(0x189, (byte) model).put(0x18A, (byte) stepping);
        return this;
    }

    public SnpReportBuilder chipId(byte[] c64) {
        b.put(0x1A0, c64);
        return this;
    }

    /** The same raw TCB into CURRENT, REPORTED, COMMITTED and LAUNCH. */
    public SnpReportBuilder tcb(long raw) {
        b.putLong(0x038, raw).putLong(0x180, raw).putLong(0x1E0, raw).putLong(0x1F0, raw);
        return this;
    }

    public SnpReportBuilder currentTcb(long raw) {
        b.putLong(0x038, raw);
        return this;
    }

    public byte[] build() {
        return b.array().clone();
    }
}
