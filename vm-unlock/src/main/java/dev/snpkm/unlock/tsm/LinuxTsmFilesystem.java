package dev.snpkm.unlock.tsm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** configfs-tsm through java.nio: no native code is needed. */
public final class LinuxTsmFilesystem implements TsmFilesystem {

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public void createEntry(Path entry) throws IOException {
        Files.createDirectory(entry);
    }

    @Override
    public void write(Path attribute, byte[] value) throws IOException {
        // WRITE only (no CREATE/TRUNCATE): the attribute exists, and configfs wants the value in a single write.
        try (FileChannel ch = FileChannel.open(attribute, StandardOpenOption.WRITE)) {
            int n = ch.write(ByteBuffer.wrap(value));
            if (n != value.length) {
                throw new IOException("short write to " + attribute + ": " + n + " of " + value.length + " bytes");
            }
        }
    }

    @Override
    public byte[] read(Path attribute) throws IOException {
        return Files.readAllBytes(attribute);
    }

    @Override
    public boolean exists(Path attribute) {
        return Files.exists(attribute);
    }

    @Override
    public void removeEntry(Path entry) throws IOException {
        Files.delete(entry);
    }
}
