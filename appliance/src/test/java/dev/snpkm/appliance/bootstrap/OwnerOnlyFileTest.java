package dev.snpkm.appliance.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmipctl is run as root or as the appliance's user; what it appends must stay readable by the appliance. Run as root
 * (CI), the directory is first given to another user, as the appliance's data directory is. Keys and certificates are
 * written whole or not at all: a write that fails midway (an interrupted channel stands in for a crash, which the
 * old in-place writes turned into an empty or truncated file) leaves the old file, or none, and no temporary file.
 */
class OwnerOnlyFileTest {
    @TempDir
    Path tmp;

    /** Gives dir to the unprivileged "nobody" when this runs as root; otherwise dir stays the caller's own. */
    static void ownedByAnotherUserIfRoot(Path dir) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setOwner(
                    dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
    }

    @Test
    void anAppendedListBelongsToItsDirectorysOwnerAndStaysOwnerOnly() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        ownedByAnotherUserIfRoot(data);
        Path list = data.resolve("revoked-clients.txt");

        OwnerOnlyFile.append(list, "aa revoked\n".getBytes(StandardCharsets.US_ASCII));
        OwnerOnlyFile.append(list, "bb revoked\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.getOwner(list)).isEqualTo(Files.getOwner(data));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(list)))
                .isEqualTo("rw-------");
        assertThat(Files.readAllLines(list)).containsExactly("aa revoked", "bb revoked");
    }

    @Test
    void aCreatedKeyIsOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
        Path key = tmp.resolve("pki/ca.key");

        OwnerOnlyFile.create(key, bytes("key"));

        assertThat(Files.readString(key)).isEqualTo("key");
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(names(key.getParent())).containsExactly("ca.key");
    }

    @Test
    void createRefusesAnExistingFileAndKeepsIt() throws Exception {
        Path key = tmp.resolve("master.key");
        Files.writeString(key, "the old key");

        assertThatThrownBy(() -> OwnerOnlyFile.create(key, bytes("a new key")))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(Files.readString(key)).isEqualTo("the old key");
        assertThat(names(tmp)).containsExactly("master.key");
    }

    @Test
    void createRefusesASymlinkAtTheTargetAndWritesNothingWhereItPoints() throws Exception {
        Path elsewhere = tmp.resolve("elsewhere");
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.key"), elsewhere);
        Path existing = Files.createSymbolicLink(tmp.resolve("existing.key"), Files.writeString(tmp.resolve("x"), "x"));

        for (Path link : List.of(dangling, existing)) {
            assertThatThrownBy(() -> OwnerOnlyFile.create(link, bytes("secret")))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThat(Files.isSymbolicLink(link)).isTrue();
        }
        assertThat(elsewhere).doesNotExist();
        assertThat(Files.readString(tmp.resolve("x"))).isEqualTo("x");
        assertThat(names(tmp)).containsExactlyInAnyOrder("dangling.key", "existing.key", "x");
    }

    @Test
    void aCreateThatFailsMidwayLeavesNoFileBehind() throws Exception {
        Path key = tmp.resolve("master.key");

        assertThatThrownBy(() -> interrupted(() -> OwnerOnlyFile.create(key, bytes("key"))))
                .isInstanceOf(ClosedByInterruptException.class);

        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void writePublicReplacesACertificateWholeAndItsModeIs0644() throws Exception {
        Path cert = Files.writeString(tmp.resolve("server.pem"), "old certificate");

        OwnerOnlyFile.writePublic(cert, bytes("new"));

        assertThat(Files.readString(cert)).isEqualTo("new");
        assertThat(mode(cert)).isEqualTo("rw-r--r--");
        assertThat(names(tmp)).containsExactly("server.pem");
    }

    @Test
    void aWritePublicThatFailsMidwayKeepsTheOldCertificate() throws Exception {
        Path cert = Files.writeString(tmp.resolve("server.pem"), "old certificate");

        assertThatThrownBy(() -> interrupted(() -> OwnerOnlyFile.writePublic(cert, bytes("new certificate"))))
                .isInstanceOf(ClosedByInterruptException.class);

        assertThat(Files.readString(cert)).isEqualTo("old certificate");
        assertThat(names(tmp)).containsExactly("server.pem");
    }

    @Test
    void writePublicReplacesASymlinkAtTheTargetInsteadOfWritingWhereItPoints() throws Exception {
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "not yours");
        Path cert = Files.createSymbolicLink(tmp.resolve("ca.pem"), elsewhere);

        OwnerOnlyFile.writePublic(cert, bytes("certificate"));

        assertThat(Files.readString(elsewhere)).isEqualTo("not yours");
        assertThat(Files.isRegularFile(cert, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(cert)).isEqualTo("certificate");
    }

    @Test
    void leftoversOfACrashAreRemovedAndNothingElse() throws Exception {
        Files.writeString(tmp.resolve(".ca.key.0123456789abcdef01234567.tmp"), "old CA key");
        Files.writeString(tmp.resolve(".ca.key.tmp"), "not ours");
        Files.writeString(tmp.resolve("ca.key"), "current");

        assertThat(OwnerOnlyFile.removeLeftovers(tmp)).isEqualTo(1);

        assertThat(names(tmp)).containsExactlyInAnyOrder(".ca.key.tmp", "ca.key");
        assertThat(OwnerOnlyFile.removeLeftovers(tmp.resolve("absent"))).isZero();
    }

    @Test
    void aWritePublicOntoADirectoryFailsAndLeavesNoTemporaryFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ca.pem"));
        Files.writeString(dir.resolve("inside"), "kept");

        assertThatThrownBy(() -> OwnerOnlyFile.writePublic(dir, bytes("certificate")))
                .isInstanceOf(FileSystemException.class);

        assertThat(Files.readString(dir.resolve("inside"))).isEqualTo("kept");
        assertThat(names(tmp)).containsExactly("ca.pem");
    }

    private interface Write {
        void run() throws Exception;
    }

    /** Runs write on a thread whose interrupt is pending: its file channel is closed at the first write. */
    private static void interrupted(Write write) throws Exception {
        Thread.currentThread().interrupt();
        try {
            write.run();
        } finally {
            Thread.interrupted();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
