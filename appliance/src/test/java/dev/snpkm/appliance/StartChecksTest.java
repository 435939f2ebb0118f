package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.StartChecks.StartException;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.appliance.config.ConfigLoader;
import dev.snpkm.appliance.testing.TestTrustRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files that decide what the appliance trusts must be writable by root and the appliance's user only. */
class StartChecksTest {
    @TempDir
    Path tmp;

    @Test
    void aPolicyFileOthersCanWriteRefusesTheStart() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("etc"));
        Path policies = Files.writeString(dir.resolve("policies.yaml"), "policies: {}\n");
        ApplianceConfig c = config("policies: " + policies + "\n");
        StartChecks.trustedInputs(c); // 0644 in a 0755 directory: fine

        Files.setPosixFilePermissions(policies, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> StartChecks.trustedInputs(c))
                .isInstanceOf(StartException.class)
                .hasMessage("policies: " + policies + " is writable by others (mode rw-rw-rw-); whoever can write it "
                        + "decides what the appliance trusts (chmod go-w)");
        Files.setPosixFilePermissions(policies, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> StartChecks.trustedInputs(c)).hasMessageContaining("is writable by its group");
    }

    @Test
    void aDirectoryOthersCanWriteIsRefusedUnlessSticky() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Path policies = Files.writeString(dir.resolve("policies.yaml"), "policies: {}\n");
        ApplianceConfig c = config("policies: " + policies + "\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        // Anyone could replace the file by a rename in that directory.
        assertThatThrownBy(() -> StartChecks.trustedInputs(c))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("policies: " + dir + " is writable by others (mode rwxrwxrwx)");
        Files.setAttribute(dir, "unix:mode", 01777); // as /tmp: only a file's owner may replace it
        StartChecks.trustedInputs(c);
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        Path crlDir = Files.createDirectories(tmp.resolve("roots"));
        Path roots = TestTrustRoots.write(crlDir);
        ApplianceConfig c = config("attestation:\n  test-trust-roots-dir: " + roots + "\n");
        StartChecks.trustedInputs(c);
        Path ark = roots.resolve("genoa").resolve("ark.pem");
        UserPrincipal nobody =
                tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(ark, nobody);
        assertThat(Files.getOwner(ark).getName()).isEqualTo("nobody");
        assertThatThrownBy(() -> StartChecks.trustedInputs(c))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("attestation.test-trust-roots-dir: " + ark + " belongs to nobody, neither "
                        + "root nor the appliance's user");
    }

    @Test
    void aSymlinkIsCheckedWhereItPoints() throws Exception {
        Path real = Files.writeString(tmp.resolve("real-policies.yaml"), "policies: {}\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path link = Files.createSymbolicLink(
                Files.createDirectories(tmp.resolve("etc")).resolve("policies.yaml"), real);
        ApplianceConfig c = config("policies: " + link + "\n");
        assertThatThrownBy(() -> StartChecks.trustedInputs(c))
                .isInstanceOf(StartException.class)
                .hasMessageContaining(real + " is writable by others");
    }

    private ApplianceConfig config(String yaml) throws Exception {
        Path f = Files.writeString(tmp.resolve("appliance.yaml"), "data-dir: " + tmp.resolve("data") + "\n" + yaml);
        return new ConfigLoader().load(f);
    }
}
