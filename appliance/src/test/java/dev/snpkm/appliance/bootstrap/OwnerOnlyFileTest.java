package dev.snpkm.appliance.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmipctl is run as root or as the appliance's user; what it appends must stay readable by the appliance. Run as root
 * (CI), the directory is first given to another user, as the appliance's data directory is.
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
}
