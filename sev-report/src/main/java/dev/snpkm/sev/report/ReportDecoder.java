package dev.snpkm.sev.report;

import static dev.snpkm.sev.report.ReportLayout.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes the 1184-byte little-endian ATTESTATION_REPORT structure (SEV-SNP ABI 56860). Stateless and thread-safe. */
public final class ReportDecoder {

    private ReportDecoder() {}

    public static AttestationReport decode(byte[] bytes) throws ReportFormatException {
        if (bytes == null) {
            throw new ReportFormatException("no attestation report supplied");
        }
        // A bare report is exactly 0x4A0 bytes; anything else is a framing error.
        if (bytes.length != REPORT_SIZE) {
            throw new ReportFormatException(
                    "attestation report must be exactly " + REPORT_SIZE + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(VERSION);
        return new AttestationReport(
                version,
                u32(b, GUEST_SVN),
                new GuestPolicy(b.getLong(POLICY)),
                HexBytes.of(bytes, FAMILY_ID, 16),
                HexBytes.of(bytes, IMAGE_ID, 16),
                u32(b, VMPL),
                b.getInt(SIGNATURE_ALGO),
                b.getLong(CURRENT_TCB),
                new PlatformInfo(b.getLong(PLATFORM_INFO)),
                new KeyInfo(b.getInt(KEY_INFO)),
                HexBytes.of(bytes, REPORT_DATA, 64),
                HexBytes.of(bytes, MEASUREMENT, 48),
                HexBytes.of(bytes, HOST_DATA, 32),
                HexBytes.of(bytes, ID_KEY_DIGEST, 48),
                HexBytes.of(bytes, AUTHOR_KEY_DIGEST, 48),
                HexBytes.of(bytes, REPORT_ID, 32),
                HexBytes.of(bytes, REPORT_ID_MA, 32),
                b.getLong(REPORTED_TCB),
                u8(bytes, CPUID_FAM_ID),
                u8(bytes, CPUID_MOD_ID),
                u8(bytes, CPUID_STEP),
                HexBytes.of(bytes, CHIP_ID, 64),
                b.getLong(COMMITTED_TCB),
                u8(bytes, CURRENT_BUILD),
                u8(bytes, CURRENT_MINOR),
                u8(bytes, CURRENT_MAJOR),
                u8(bytes, COMMITTED_BUILD),
                u8(bytes, COMMITTED_MINOR),
                u8(bytes, COMMITTED_MAJOR),
                b.getLong(LAUNCH_TCB),
                version >= 5 ? b.getLong(LAUNCH_MIT_VECTOR) : 0L,
                version >= 5 ? b.getLong(CURRENT_MIT_VECTOR) : 0L,
                HexBytes.of(bytes, SIGNATURE_R, SIGNATURE_COMPONENT_LENGTH),
                HexBytes.of(bytes, SIGNATURE_S, SIGNATURE_COMPONENT_LENGTH),
                HexBytes.of(bytes));
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    private static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }
}
