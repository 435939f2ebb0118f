package dev.snpkm.sev.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An OVMF firmware image as SNP launches it: mapped so that it ends at 4 GiB, with the GUIDed footer table that
 * edk2's reset vector carries (OvmfPkg/ResetVector/Ia16/ResetVectorVtf0.asm) and the SEV metadata it points to
 * (OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm): the pages the VMM adds besides the image, by type.
 */
public final class OvmfImage {
    static final UUID FOOTER_TABLE = UUID.fromString("96b582de-1fb2-45f7-baea-a366c55a082d");
    static final UUID SEV_HASH_TABLE_RV = UUID.fromString("7255371f-3a3b-4b04-927b-1da6efa8d454");
    static final UUID SEV_ES_RESET_BLOCK = UUID.fromString("00f771de-1a7e-4fcb-890e-68c77e2fb44e");
    static final UUID SEV_METADATA = UUID.fromString("dc886566-984a-4798-a75e-5585a7bf67cc");
    private static final long FOUR_GIB = 1L << 32;
    /** The footer table's last entry header sits this far before the image's end (the reset vector follows). */
    private static final int FOOTER_OFFSET_FROM_END = 32;

    private static final int ENTRY_HEADER = 2 + 16;
    private static final int METADATA_HEADER = 16;
    private static final int METADATA_ITEM = 12;
    /** OVMF images are a few MiB; anything far larger is not a firmware image. */
    private static final int MAX_BYTES = 64 << 20;

    /** Section types of the SEV metadata. */
    public enum SectionType {
        SNP_SEC_MEM(1),
        SNP_SECRETS(2),
        CPUID(3),
        SVSM_CAA(4),
        SNP_KERNEL_HASHES(0x10);

        final int code;

        SectionType(int code) {
            this.code = code;
        }

        static SectionType of(int code) {
            for (SectionType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown OVMF SEV metadata section type " + code);
        }
    }

    public record Section(long gpa, long size, SectionType type) {}

    private final byte[] data;
    private final Map<UUID, byte[]> table;
    private final List<Section> sections;

    private OvmfImage(byte[] data, Map<UUID, byte[]> table, List<Section> sections) {
        this.data = data;
        this.table = table;
        this.sections = sections;
    }

    public static OvmfImage parse(byte[] image) {
        if (image.length == 0 || image.length % LaunchDigest.PAGE != 0 || image.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "an OVMF image is a whole number of 4 KiB pages up to 64 MiB, not " + image.length + " bytes");
        }
        Map<UUID, byte[]> table = footerTable(image);
        return new OvmfImage(image.clone(), table, metadata(image, table));
    }

    public byte[] data() {
        return data.clone();
    }

    /** The GPA of the first byte: the image ends at 4 GiB. */
    public long gpa() {
        return FOUR_GIB - data.length;
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    public boolean hasSection(SectionType type) {
        return sections.stream().anyMatch(s -> s.type() == type);
    }

    /** Where OVMF expects QEMU's table of kernel, initrd and command-line hashes. */
    public long sevHashesTableGpa() {
        return u32(entry(SEV_HASH_TABLE_RV, "SEV hash table"), 0);
    }

    /** The EIP at which application processors start (SEV-ES reset block); 0 if the image has none. */
    public long apResetEip() {
        return Optional.ofNullable(table.get(SEV_ES_RESET_BLOCK))
                .map(e -> u32(e, 0))
                .orElse(0L);
    }

    private byte[] entry(UUID guid, String what) {
        byte[] e = table.get(guid);
        if (e == null) {
            throw new IllegalArgumentException("the OVMF image has no " + what + " entry (" + guid + ") in its "
                    + "footer table: not an SEV-capable build");
        }
        return e;
    }

    private static Map<UUID, byte[]> footerTable(byte[] image) {
        Map<UUID, byte[]> table = new HashMap<>();
        int footer = image.length - FOOTER_OFFSET_FROM_END - ENTRY_HEADER;
        if (footer < 0 || !guidAt(image, footer + 2).equals(FOOTER_TABLE)) {
            return table; // no table: a build without SEV support
        }
        int tableSize = u16(image, footer) - ENTRY_HEADER;
        int start = footer - tableSize;
        if (tableSize < 0 || start < 0) {
            throw new IllegalArgumentException("the OVMF footer table claims " + tableSize + " bytes");
        }
        // Entries are read from the end: each ends with its (size, GUID) header, its data before it.
        int end = footer;
        while (end - start >= ENTRY_HEADER) {
            int size = u16(image, end - ENTRY_HEADER);
            if (size < ENTRY_HEADER || end - size < start) {
                throw new IllegalArgumentException("invalid OVMF footer table entry size " + size);
            }
            table.put(guidAt(image, end - 16), java.util.Arrays.copyOfRange(image, end - size, end - ENTRY_HEADER));
            end -= size;
        }
        return table;
    }

    private static List<Section> metadata(byte[] image, Map<UUID, byte[]> table) {
        List<Section> sections = new ArrayList<>();
        byte[] pointer = table.get(SEV_METADATA);
        if (pointer == null) {
            return sections;
        }
        long offsetFromEnd = u32(pointer, 0);
        long start = image.length - offsetFromEnd;
        if (start < 0 || start + METADATA_HEADER > image.length) {
            throw new IllegalArgumentException(
                    "the OVMF SEV metadata offset " + offsetFromEnd + " is outside the image");
        }
        int s = (int) start;
        if (image[s] != 'A'
                || image[s + 1] != 'S'
                || image[s + 2] != 'E'
                || image[s + 3] != 'V'
                || u32(image, s + 8) != 1) {
            throw new IllegalArgumentException("the OVMF SEV metadata lacks its 'ASEV' version 1 header");
        }
        long items = u32(image, s + 12);
        if (s + METADATA_HEADER + items * METADATA_ITEM > image.length) {
            throw new IllegalArgumentException(
                    "the OVMF SEV metadata lists " + items + " sections past the image's end");
        }
        for (int i = 0; i < items; i++) {
            int at = s + METADATA_HEADER + i * METADATA_ITEM;
            sections.add(new Section(u32(image, at), u32(image, at + 4), SectionType.of((int) u32(image, at + 8))));
        }
        return sections;
    }

    /** A GUID stored as in UEFI (EFI_GUID): the first three fields little-endian, the last eight bytes as they are. */
    static UUID guidAt(byte[] b, int off) {
        ByteBuffer le = ByteBuffer.wrap(b, off, 16).order(ByteOrder.LITTLE_ENDIAN);
        long d1 = le.getInt() & 0xFFFF_FFFFL;
        long d2 = le.getShort() & 0xFFFFL;
        long d3 = le.getShort() & 0xFFFFL;
        long high = (d1 << 32) | (d2 << 16) | d3;
        long low = ByteBuffer.wrap(b, off + 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID(high, low);
    }

    static byte[] guidBytes(UUID g) {
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long high = g.getMostSignificantBits();
        out.putInt((int) (high >>> 32)).putShort((short) (high >>> 16)).putShort((short) high);
        out.order(ByteOrder.BIG_ENDIAN).putLong(g.getLeastSignificantBits());
        return out.array();
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
    }
}
