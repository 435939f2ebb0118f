package dev.snpkm.appliance.bootstrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes secrets into files that are 0600 from the moment they exist: the mode is part of the create call, so there
 * is no window in which another user could open a world-readable file (chmod after writing leaves one).
 */
public final class OwnerOnlyFile {
    private static final Set<PosixFilePermission> OWNER_RW =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> MODE_0600 =
            PosixFilePermissions.asFileAttribute(OWNER_RW);
    private static final FileAttribute<Set<PosixFilePermission>> MODE_0700 =
            PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private OwnerOnlyFile() {
    }

    /** Creates {@code file} (it must not exist) with mode 0600 and writes {@code content}. */
    public static void create(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (SeekableByteChannel ch = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), MODE_0600)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /** Creates a directory only the owner may enter (0700); an existing one is left as it is. */
    public static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            Files.createDirectory(dir, MODE_0700);
        }
    }

    public static boolean isOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return OWNER_RW.containsAll(p);
    }
}
