package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.HexBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The certificate table a guest receives with an extended report (configfs-tsm auxblob). Layout
 * (GHCB 56421 §4.1.8.1): 24-byte entries {guid[16], u32 offset, u32 length}
 * (little-endian), ended by an all-zero entry, followed by the blobs; offsets count from the table start.
 */
public record CertificateTable(List<Entry> entries) {
    private static final int ENTRY_SIZE = 24;
    /** Guard against a hostile table announcing absurd entry counts (the kernel caps the buffer at 16 KiB pages). */
    private static final int MAX_ENTRIES = 64;

    public record Entry(UUID guid, HexBytes data) {}

    public CertificateTable {
        entries = List.copyOf(entries);
    }

    public static CertificateTable empty() {
        return new CertificateTable(List.of());
    }

    public Optional<byte[]> find(CertTableGuid guid) {
        return entries.stream()
                .filter(e -> e.guid().equals(guid.uuid()))
                .findFirst()
                .map(e -> e.data().toByteArray());
    }

    /** Parses the table; an empty or all-zero buffer means the host supplied no certificates. */
    public static CertificateTable parse(byte[] table) throws CertificateProblem {
        if (table != null && table.length > EvidenceLimits.CERT_TABLE_BYTES) {
            throw new CertificateProblem("certificate table of " + table.length + " bytes exceeds the "
                    + EvidenceLimits.CERT_TABLE_BYTES + "-byte buffer a guest gets for it (SEV_FW_BLOB_MAX_SIZE)");
        }
        if (table == null || table.length == 0 || HexBytes.of(table).isAllZero()) {
            return empty();
        }
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        List<long[]> raw = new ArrayList<>();
        List<UUID> guids = new ArrayList<>();
        int pos = 0;
        while (true) {
            if (pos + ENTRY_SIZE > table.length) {
                throw new CertificateProblem("certificate table has no terminating all-zero entry");
            }
            ByteBuffer be = ByteBuffer.wrap(table, pos, 16).order(ByteOrder.BIG_ENDIAN);
            UUID guid = new UUID(be.getLong(), be.getLong());
            long offset = Integer.toUnsignedLong(b.getInt(pos + 16));
            long length = Integer.toUnsignedLong(b.getInt(pos + 20));
            pos += ENTRY_SIZE;
            if (guid.getMostSignificantBits() == 0
                    && guid.getLeastSignificantBits() == 0
                    && offset == 0
                    && length == 0) {
                break;
            }
            if (guids.size() == MAX_ENTRIES) {
                throw new CertificateProblem("certificate table has more than " + MAX_ENTRIES + " entries");
            }
            guids.add(guid);
            raw.add(new long[] {offset, length});
        }
        int headerEnd = pos;
        List<Entry> entries = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < guids.size(); i++) {
            long offset = raw.get(i)[0];
            long length = raw.get(i)[1];
            UUID guid = guids.get(i);
            if (!seen.add(guid)) {
                throw new CertificateProblem("certificate table lists GUID " + guid + " twice");
            }
            if (offset < headerEnd || offset + length > table.length) {
                throw new CertificateProblem("certificate table entry " + guid + " (offset " + offset + ", length "
                        + length + ") lies outside the " + table.length + "-byte buffer or inside the header");
            }
            entries.add(new Entry(guid, HexBytes.of(table, (int) offset, (int) length)));
        }
        return new CertificateTable(entries);
    }

    /** Serialises a table (used by tests and tools that build auxblobs). */
    public byte[] encode() {
        int header = (entries.size() + 1) * ENTRY_SIZE;
        int total = header + entries.stream().mapToInt(e -> e.data().length()).sum();
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        int dataPos = header;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            b.order(ByteOrder.BIG_ENDIAN)
                    .putLong(i * ENTRY_SIZE, e.guid().getMostSignificantBits())
                    .putLong(i * ENTRY_SIZE + 8, e.guid().getLeastSignificantBits());
            b.order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(i * ENTRY_SIZE + 16, dataPos)
                    .putInt(i * ENTRY_SIZE + 20, e.data().length());
            b.put(dataPos, e.data().toByteArray());
            dataPos += e.data().length();
        }
        return b.array();
    }
}
