package dev.snpkm.appliance.bootstrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes secrets into files that are 0600 from the moment they exist: the mode is part of the create call, so there
 * is no window in which another user could open a world-readable file (chmod after writing leaves one). The mode is
 * set again after creation, so a umask that strips owner bits cannot leave a file the appliance cannot read.
 */
public final class OwnerOnlyFile {
    private static final Set<PosixFilePermission> OWNER_RW =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> MODE_0600 =
            PosixFilePermissions.asFileAttribute(OWNER_RW);
    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final FileAttribute<Set<PosixFilePermission>> MODE_0700 =
            PosixFilePermissions.asFileAttribute(OWNER_RWX);

    private OwnerOnlyFile() {}

    /**
     * Creates {@code file} (it must not exist) with mode 0600, writes {@code content} and forces it and its directory
     * entry to the disk: a master key the store's first commit depends on must not be lost to a power cut after it.
     */
    public static void create(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(
                file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), MODE_0600)) {
            writeAndForce(ch, content);
        }
        Files.setPosixFilePermissions(file, OWNER_RW);
        forceDirectoryOf(file);
    }

    /** Writes all of bytes, then forces them (and the file's size) to the disk. */
    private static void writeAndForce(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        ch.force(true);
    }

    /** Forces the directory holding file, so that the file's creation (or rename) survives a power cut. */
    public static void forceDirectoryOf(Path file) throws IOException {
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Appends a line to {@code file}, creating it 0600 if absent (the deny list: who is refused is nobody's news), and
     * forces it to the disk. The file belongs to its directory's owner: kmipctl run as root must not leave a file
     * 0600 to root that the appliance, running as its own user, cannot read (its deny list then read as empty).
     */
    public static void append(Path file, byte[] line) throws IOException {
        try (FileChannel ch = FileChannel.open(
                file,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                MODE_0600)) {
            writeAndForce(ch, line);
        }
        giveToDirectoryOwner(file);
    }

    /** Makes the directory's owner the file's owner, when it is not (only root can, and only root needs to). */
    public static void giveToDirectoryOwner(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        UserPrincipal owner = Files.getOwner(dir);
        if (!owner.equals(Files.getOwner(file, LinkOption.NOFOLLOW_LINKS))) {
            Files.setOwner(file, owner);
        }
    }

    /**
     * Makes {@code dir} 0700 and every regular file directly in it 0600, whatever the umask was when they were made:
     * for files another library creates (H2's store files).
     */
    public static void restrictDirectory(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, OWNER_RWX);
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(f, OWNER_RW);
                }
            }
        }
    }

    /** Creates a directory only the owner may enter (0700); an existing one is left as it is. */
    public static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            Files.createDirectory(dir, MODE_0700);
            Files.setPosixFilePermissions(dir, OWNER_RWX);
        }
    }

    /** Writes a public file (a certificate) 0644 whatever the umask: readable, never writable, by others. */
    public static void writePublic(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeAndForce(ch, content);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        forceDirectoryOf(file);
    }

    public static boolean isOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return OWNER_RW.containsAll(p);
    }
}
