package dev.snpkm.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A file's modification time and size: cheap enough to read on every handshake or request, and it changes when the
 * file is rewritten, so files an operator edits (deny list, CRLs) are re-read without a restart and without a watcher
 * thread. Modification time alone misses a second write within one tick of a coarse-mtime file system; size does not.
 */
public record FileVersion(FileTime modified, long size) {

    /** What a missing or unreadable file looks like: never equal to a readable file's version. */
    public static final FileVersion UNREADABLE = new FileVersion(FileTime.fromMillis(0), -1);

    public static FileVersion of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // one stat for both
        return new FileVersion(a.lastModifiedTime(), a.size());
    }

    /** As {@link #of}, with {@link #UNREADABLE} for a file that is gone or cannot be read. */
    public static FileVersion orUnreadable(Path file) {
        try {
            return of(file);
        } catch (IOException e) {
            return UNREADABLE;
        }
    }
}
