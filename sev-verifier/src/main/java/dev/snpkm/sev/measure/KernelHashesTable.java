package dev.snpkm.sev.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Measured direct boot: the table of SHA-256 hashes of the kernel, initrd and command line that QEMU places in the
 * page OVMF reserves for it (QEMU target/i386/sev.c, SevHashTable; OVMF checks each file against it before using it).
 * Layout: header GUID, u16 length, then three entries (GUID, u16 length, 32-byte hash) in the order command line,
 * initrd, kernel; padded with zeros to a multiple of 16 bytes. The command line is hashed with its terminating NUL.
 */
public final class KernelHashesTable {
    static final UUID HEADER = UUID.fromString("9438d606-4f22-4cc9-b479-a793d411fd21");
    static final UUID KERNEL = UUID.fromString("4de79437-abd2-427f-b835-d5b172d2045b");
    static final UUID INITRD = UUID.fromString("44baf731-3a2f-4bd7-9af1-41e29169781d");
    static final UUID CMDLINE = UUID.fromString("97d02dd8-bd20-4c94-aa78-e7714d36ab2a");
    private static final int ENTRY = 16 + 2 + 32;
    private static final int TABLE = 16 + 2 + 3 * ENTRY;
    private static final int PADDED = (TABLE + 15) & ~15;

    private final byte[] kernelHash;
    private final byte[] initrdHash;
    private final byte[] cmdlineHash;

    /**
     * @param initrd empty when the guest boots without one
     * @param cmdline empty when there is none
     */
    public KernelHashesTable(byte[] kernel, byte[] initrd, String cmdline) {
        this.kernelHash = sha256(kernel);
        this.initrdHash = sha256(initrd);
        byte[] text = cmdline.getBytes(StandardCharsets.UTF_8);
        this.cmdlineHash = sha256(java.util.Arrays.copyOf(text, text.length + 1));
    }

    public byte[] table() {
        ByteBuffer b = ByteBuffer.allocate(PADDED).order(ByteOrder.LITTLE_ENDIAN);
        b.put(OvmfImage.guidBytes(HEADER)).putShort((short) TABLE);
        entry(b, CMDLINE, cmdlineHash);
        entry(b, INITRD, initrdHash);
        entry(b, KERNEL, kernelHash);
        return b.array();
    }

    /** The page that holds the table at {@code offset}, zeros elsewhere. */
    public byte[] page(int offset) {
        byte[] table = table();
        if (offset < 0 || offset + table.length > LaunchDigest.PAGE) {
            throw new IllegalArgumentException("the hashes table does not fit in its page at offset " + offset);
        }
        byte[] page = new byte[LaunchDigest.PAGE];
        System.arraycopy(table, 0, page, offset, table.length);
        return page;
    }

    private static void entry(ByteBuffer b, UUID guid, byte[] hash) {
        b.put(OvmfImage.guidBytes(guid)).putShort((short) ENTRY).put(hash);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
