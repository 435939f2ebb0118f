package dev.snpkm.appliance.bootstrap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes secrets into files that are 0600 from the moment they exist: the mode is part of the create call, so there
 * is no window in which another user could open a world-readable file (chmod after writing leaves one). The mode is
 * set again after creation, so a umask that strips owner bits cannot leave a file the appliance cannot read. Whole
 * files are written under a temporary name beside the target and only then given its name, so a crash leaves the
 * old file or the new one, never a truncated key or certificate the next start would read.
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
    private static final Set<PosixFilePermission> PUBLIC_READ = PosixFilePermissions.fromString("rw-r--r--");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.regex.Pattern LEFTOVER =
            java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{24}\\.tmp");

    private OwnerOnlyFile() {}

    /**
     * Creates {@code file} (it must not exist) with mode 0600, writes {@code content} and forces it and its directory
     * entry to the disk: a master key the store's first commit depends on must not be lost to a power cut after it.
     * The content is written whole under a temporary name first, so a crash never leaves a truncated key under the
     * final name; an existing file or symlink there makes it fail ({@link FileAlreadyExistsException}), never followed.
     */
    public static void create(Path file, byte[] content) throws IOException {
        createNew(file, out -> out.write(content), OWNER_RW);
    }

    /**
     * As {@link #create(Path, byte[])}, with content too large to hold, written by {@code content}: nothing has the
     * file's name until it returned and its bytes are forced; if it throws, the temporary file is removed.
     */
    public static void create(Path file, Content content) throws IOException {
        createNew(file, content, OWNER_RW);
    }

    /** Writes a file's content; the stream is the file's, buffered (flushed and forced after). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #create}, but 0644 whatever the umask: a certificate handed out beside its new key. */
    public static void createPublic(Path file, byte[] content) throws IOException {
        createNew(file, out -> out.write(content), PUBLIC_READ);
    }

    private static void createNew(Path file, Content content, Set<PosixFilePermission> mode) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        refuseExisting(target); // before the content is written anywhere; linkNoReplace closes the race
        writeThenPublish(target, content, mode, OwnerOnlyFile::linkNoReplace);
    }

    /**
     * Writes a public file (a certificate) 0644 whatever the umask: readable, never writable, by others. An existing
     * file is replaced whole by a rename, never truncated in place; a symlink there is replaced, not followed.
     */
    public static void writePublic(Path file, byte[] content) throws IOException {
        writeThenPublish(
                file.toAbsolutePath(),
                out -> out.write(content),
                PUBLIC_READ,
                (tmp, target) -> Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE));
    }

    /** Gives a complete temporary file the target's name, in one step a crash cannot split. */
    private interface Publish {
        void name(Path tmp, Path target) throws IOException;
    }

    private static void writeThenPublish(Path target, Content content, Set<PosixFilePermission> mode, Publish publish)
            throws IOException {
        Path tmp = writeTemporary(target, content, mode);
        try {
            publish.name(tmp, target);
            Files.deleteIfExists(tmp); // a hard link leaves the temporary name as a second one
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(tmp, e);
            throw e;
        }
        forceDirectoryOf(target);
    }

    /**
     * Writes content, forced, to a new file beside target: same directory, so the rename or link onto target stays
     * on one file system; a random dot-name nothing else uses; the final mode from its creation on.
     */
    private static Path writeTemporary(Path target, Content content, Set<PosixFilePermission> mode) throws IOException {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        Path tmp = target.resolveSibling(
                "." + target.getFileName() + "." + HexFormat.of().formatHex(random) + ".tmp");
        // CREATE_NEW: the name is ours once this succeeds, and only then may a failure delete it.
        FileChannel ch = FileChannel.open(
                tmp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(mode));
        try (ch) {
            // Set again, without following links: the umask may have stripped bits of the mode asked for.
            Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(mode);
            // Not closed here: closing a channel's stream closes the channel, which the try above owns.
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
            content.writeTo(out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(tmp, e);
            throw e;
        }
        return tmp;
    }

    /**
     * Gives tmp the target's name only if nothing has it: link(2) fails on any existing entry, a dangling symlink
     * included, and never follows it; rename(2) would replace it.
     */
    private static void linkNoReplace(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // A file system without hard links: check and rename, leaving a window only the link could close.
            refuseExisting(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void refuseExisting(Path target) throws FileAlreadyExistsException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
    }

    private static void deleteAfterFailure(Path tmp, Exception failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Writes all of bytes, then forces them (and the file's size) to the disk. */
    private static void writeAndForce(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        ch.force(true);
    }

    /**
     * Deletes what a crash between writing and publishing left in {@code dir}: temporary names of this class
     * ({@code .<name>.<24 hex>.tmp}), which may be a second link to a secret (an old CA key that "remove both to
     * create a new CA" meant to get rid of). Returns how many were removed.
     */
    public static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (var entries = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : entries) {
                if (LEFTOVER.matcher(p.getFileName().toString()).matches()
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                    removed++;
                }
            }
        }
        return removed;
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

    public static boolean isOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return OWNER_RW.containsAll(p);
    }
}
