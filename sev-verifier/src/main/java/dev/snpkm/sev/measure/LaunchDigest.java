package dev.snpkm.sev.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The SNP launch digest as the PSP extends it at each SNP_LAUNCH_UPDATE (AMD SEV-SNP Firmware ABI, section "Launch
 * Digest Calculation", Table "PAGE_INFO Structure"): digest := SHA-384(PAGE_INFO), where PAGE_INFO is the current
 * digest (48), the page's CONTENTS (48: SHA-384 of the page for normal and VMSA pages, zero otherwise), LENGTH (2,
 * 0x70), PAGE_TYPE (1), IMI_PAGE (1), VMPL3/2/1_PERMS (1 each), a reserved byte and the GPA (8), little-endian.
 * The final digest is the report's MEASUREMENT.
 */
public final class LaunchDigest {
    public static final int SIZE = 48;
    public static final int PAGE = 4096;
    /** The PSP records a VMSA page at GPA (u64)-1, page-aligned with the bits above 51 cleared. */
    static final long VMSA_GPA = 0xFFFF_FFFF_F000L;

    private static final int PAGE_INFO_LENGTH = 0x70;

    /** PAGE_TYPE values of SNP_LAUNCH_UPDATE (same ABI, Table "Page Types"). */
    enum PageType {
        NORMAL(1),
        VMSA(2),
        ZERO(3),
        UNMEASURED(4),
        SECRETS(5),
        CPUID(6);

        final int code;

        PageType(int code) {
            this.code = code;
        }
    }

    private byte[] digest;

    private LaunchDigest(byte[] seed) {
        this.digest = seed.clone();
    }

    /** The digest before the first page: all zeros. */
    public static LaunchDigest initial() {
        return new LaunchDigest(new byte[SIZE]);
    }

    /** Continues from a digest computed elsewhere (e.g. over a firmware image published by its vendor). */
    public static LaunchDigest resumeFrom(byte[] digest) {
        if (digest.length != SIZE) {
            throw new IllegalArgumentException("a launch digest is " + SIZE + " bytes, not " + digest.length);
        }
        return new LaunchDigest(digest);
    }

    public byte[] value() {
        return digest.clone();
    }

    /** Measured pages with these contents (a whole number of pages), starting at {@code gpa}. */
    public void normalPages(long gpa, byte[] data) {
        requirePages(data.length);
        for (int off = 0; off < data.length; off += PAGE) {
            update(PageType.NORMAL, gpa + off, sha384(Arrays.copyOfRange(data, off, off + PAGE)));
        }
    }

    public void vmsaPage(byte[] page) {
        if (page.length != PAGE) {
            throw new IllegalArgumentException("a VMSA is one page");
        }
        update(PageType.VMSA, VMSA_GPA, sha384(page));
    }

    public void zeroPages(long gpa, long length) {
        contentless(PageType.ZERO, gpa, length);
    }

    public void unmeasuredPages(long gpa, long length) {
        contentless(PageType.UNMEASURED, gpa, length);
    }

    public void secretsPage(long gpa) {
        update(PageType.SECRETS, gpa, new byte[SIZE]);
    }

    public void cpuidPage(long gpa) {
        update(PageType.CPUID, gpa, new byte[SIZE]);
    }

    private void contentless(PageType type, long gpa, long length) {
        requirePages(length);
        for (long off = 0; off < length; off += PAGE) {
            update(type, gpa + off, new byte[SIZE]);
        }
    }

    private void update(PageType type, long gpa, byte[] contents) {
        ByteBuffer info = ByteBuffer.allocate(PAGE_INFO_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        info.put(digest)
                .put(contents)
                .putShort((short) PAGE_INFO_LENGTH)
                .put((byte) type.code)
                .put((byte) 0) // IMI_PAGE: not an incoming-migration image page
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0) // VMPL3, VMPL2, VMPL1 permissions: none
                .put((byte) 0)
                .putLong(gpa);
        digest = sha384(info.array());
    }

    private static void requirePages(long length) {
        if (length % PAGE != 0) {
            throw new IllegalArgumentException("length " + length + " is not a whole number of 4 KiB pages");
        }
    }

    static byte[] sha384(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-384", e);
        }
    }
}
