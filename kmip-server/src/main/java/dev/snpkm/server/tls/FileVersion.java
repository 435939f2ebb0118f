package dev.snpkm.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;

/**
 * A file's modification time, size and status-change time: cheap enough to read on every handshake or request, and it
 * changes when the file is rewritten, so files an operator edits (deny list, CRLs, policies) are re-read without a
 * restart and without a watcher thread. Modification time alone misses a second write within one tick of a
 * coarse-mtime file system; size does not. The status-change time (ctime) moves with a chmod or chown too, which
 * changes neither: a file refused for its mode is read again once its mode is fixed, not only at its next rewrite.
 */
public record FileVersion(FileTime modified, long size, FileTime changed) {

    /** What a missing or unreadable file looks like: never equal to a readable file's version. */
    public static final FileVersion UNREADABLE = new FileVersion(FileTime.fromMillis(0), -1, FileTime.fromMillis(0));

    public static FileVersion of(Path file) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:lastModifiedTime,size,ctime"); // one stat
            return new FileVersion(
                    (FileTime) Objects.requireNonNull(a.get("lastModifiedTime")),
                    (Long) Objects.requireNonNull(a.get("size")),
                    (FileTime) Objects.requireNonNull(a.get("ctime")));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // no unix view
            return new FileVersion(a.lastModifiedTime(), a.size(), a.lastModifiedTime());
        }
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
