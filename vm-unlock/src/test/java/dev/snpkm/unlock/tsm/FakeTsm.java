package dev.snpkm.unlock.tsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Emulates configfs-tsm on a plain directory: creating an entry populates its attributes, each write bumps
 * {@code generation}, and reading {@code outblob} produces the report for the current {@code inblob} (as the kernel
 * issues the request on read). Real file I/O underneath, so the paths the provider uses are exercised.
 */
public final class FakeTsm implements TsmFilesystem {
    private final LinuxTsmFilesystem disk = new LinuxTsmFilesystem();
    private final UnaryOperator<byte[]> reportForInblob;
    private final java.util.function.Supplier<byte[]> certificateTable;
    private final String provider;
    private final List<byte[]> inblobs = new CopyOnWriteArrayList<>();
    private final List<Path> createdEntries = new CopyOnWriteArrayList<>();
    private volatile boolean concurrentWriter;

    public FakeTsm(UnaryOperator<byte[]> reportForInblob, byte[] certificateTable, String provider) {
        this(reportForInblob, certificateTable.clone()::clone, provider);
    }

    /** @param certificateTable read when auxblob is read, so it can follow the report just produced */
    public FakeTsm(
            UnaryOperator<byte[]> reportForInblob,
            java.util.function.Supplier<byte[]> certificateTable,
            String provider) {
        this.reportForInblob = reportForInblob;
        this.certificateTable = certificateTable;
        this.provider = provider;
    }

    /** Makes the next outblob read look as if another process wrote to the entry meanwhile. */
    public void simulateConcurrentWriter() {
        concurrentWriter = true;
    }

    public List<byte[]> inblobs() {
        return inblobs;
    }

    public List<Path> createdEntries() {
        return createdEntries;
    }

    @Override
    public boolean isDirectory(Path path) {
        return disk.isDirectory(path);
    }

    @Override
    public void createEntry(Path entry) throws IOException {
        Files.createDirectory(entry);
        createdEntries.add(entry);
        Files.writeString(entry.resolve("provider"), provider + "\n");
        Files.writeString(entry.resolve("generation"), "0\n");
        Files.writeString(entry.resolve("privlevel_floor"), "0\n");
        Files.write(entry.resolve("inblob"), new byte[0]);
        Files.write(entry.resolve("privlevel"), new byte[0]);
        Files.write(entry.resolve("auxblob"), new byte[0]);
    }

    @Override
    public void write(Path attribute, byte[] value) throws IOException {
        String name = attribute.getFileName().toString();
        if (!name.equals("inblob") && !name.equals("privlevel")) {
            throw new IOException("Permission denied: " + name + " is read-only");
        }
        if (name.equals("inblob")) {
            if (value.length != 64) {
                throw new IOException("Invalid argument: sev_guest wants 64 bytes of inblob");
            }
            inblobs.add(value.clone());
        }
        disk.write(attribute, value);
        bumpGeneration(attribute.getParent());
    }

    @Override
    public byte[] read(Path attribute) throws IOException {
        if (attribute.getFileName().toString().equals("outblob")) {
            if (concurrentWriter) {
                concurrentWriter = false;
                bumpGeneration(attribute.getParent());
            }
            return reportForInblob.apply(disk.read(attribute.resolveSibling("inblob")));
        }
        if (attribute.getFileName().toString().equals("auxblob")) {
            return certificateTable.get();
        }
        return disk.read(attribute);
    }

    @Override
    public boolean exists(Path attribute) {
        return attribute.getFileName().toString().equals("outblob") || disk.exists(attribute);
    }

    /** A plain directory cannot rmdir with files in it; configfs removes the attributes itself. */
    @Override
    public void removeEntry(Path entry) throws IOException {
        try (Stream<Path> files = Files.list(entry)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(entry);
    }

    private void bumpGeneration(Path entry) throws IOException {
        Path g = entry.resolve("generation");
        long n = Long.parseLong(Files.readString(g, StandardCharsets.US_ASCII).trim());
        Files.writeString(g, (n + 1) + "\n");
    }
}
