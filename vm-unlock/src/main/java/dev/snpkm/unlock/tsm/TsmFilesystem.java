package dev.snpkm.unlock.tsm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The few filesystem operations the configfs-tsm ABI needs. On Linux they are plain syscalls on configfs, where
 * {@code mkdir} makes the kernel populate a report entry and reading {@code outblob} runs the request; tests put a
 * fake behind this seam that reacts the same way, since a plain directory cannot.
 */
public interface TsmFilesystem {

    boolean isDirectory(Path path);

    /** mkdir(2): on configfs, creates a report entry with its attribute files. */
    void createEntry(Path entry) throws IOException;

    /** One write(2) of the whole value: configfs attributes take a value per write. */
    void write(Path attribute, byte[] value) throws IOException;

    byte[] read(Path attribute) throws IOException;

    boolean exists(Path attribute);

    /** rmdir(2): on configfs, removes the entry and its attributes together. */
    void removeEntry(Path entry) throws IOException;
}
