package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.StartChecks.StartException;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.appliance.config.ConfigLoader;
import dev.snpkm.appliance.testing.TestTrustRoots;
import dev.snpkm.server.trust.InputTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files that decide what the appliance trusts must be writable by root and the appliance's user only. */
class TrustedInputsTest {
    @TempDir
    Path tmp;

    @Test
    void aPolicyFileOthersCanWriteRefusesTheStart() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("etc"));
        Path policies = Files.writeString(dir.resolve("policies.yaml"), "policies: {}\n");
        ApplianceConfig c = config("policies: " + policies + "\n");
        TrustedInputs.check(c, null); // 0644 in a 0755 directory: fine

        Files.setPosixFilePermissions(policies, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessage("policies: " + policies + " is writable by others (mode rw-rw-rw-); whoever can write it "
                        + "decides what the appliance trusts (chmod go-w)");
        Files.setPosixFilePermissions(policies, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> TrustedInputs.check(c, null)).hasMessageContaining("is writable by its group");
    }

    @Test
    void aDirectoryOthersCanWriteIsRefusedUnlessSticky() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Path policies = Files.writeString(dir.resolve("policies.yaml"), "policies: {}\n");
        ApplianceConfig c = config("policies: " + policies + "\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        // Anyone could replace the file by a rename in that directory.
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("policies: " + dir + " is writable by others (mode rwxrwxrwx)");
        Files.setAttribute(dir, "unix:mode", 01777); // as /tmp: only a file's owner may replace it
        TrustedInputs.check(c, null);
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        Path crlDir = Files.createDirectories(tmp.resolve("roots"));
        Path roots = TestTrustRoots.write(crlDir);
        ApplianceConfig c = config("attestation:\n  test-trust-roots-dir: " + roots + "\n");
        TrustedInputs.check(c, null);
        Path ark = roots.resolve("genoa").resolve("ark.pem");
        UserPrincipal nobody =
                tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(ark, nobody);
        assertThat(Files.getOwner(ark).getName()).isEqualTo("nobody");
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("attestation.test-trust-roots-dir: " + ark + " belongs to nobody (uid 65534), "
                        + "neither root nor the appliance's user (uid 0)");
    }

    @Test
    void aSymlinkIsCheckedWhereItPoints() throws Exception {
        Path real = Files.writeString(tmp.resolve("real-policies.yaml"), "policies: {}\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path link = Files.createSymbolicLink(
                Files.createDirectories(tmp.resolve("etc")).resolve("policies.yaml"), real);
        ApplianceConfig c = config("policies: " + link + "\n");
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessageContaining(real + " is writable by others");
    }

    @Test
    void everyDirectoryAboveAConfiguredFileCounts() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path policies = Files.writeString(
                Files.createDirectories(shared.resolve("snpkm")).resolve("policies.yaml"), "policies: {}\n");
        ApplianceConfig c = config("policies: " + policies + "\n");
        TrustedInputs.check(c, null);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        // Whoever can write shared/ can rename snpkm/ away and put a directory of their own in its place.
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("policies: " + shared + " is writable by others");
    }

    @Test
    void aSymlinkInADirectoryOthersCanWriteIsRefusedWhereverItPoints() throws Exception {
        Path real = Files.writeString(
                Files.createDirectories(tmp.resolve("etc")).resolve("policies.yaml"), "policies: {}\n");
        Path open = Files.createDirectories(tmp.resolve("open"));
        Path link = Files.createSymbolicLink(open.resolve("policies.yaml"), real);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        ApplianceConfig c = config("policies: " + link + "\n");
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("policies: " + open + " is writable by others");
    }

    @Test
    void aProductDirectoryLinkedElsewhereIsCheckedThere() throws Exception {
        Path roots = TestTrustRoots.write(tmp.resolve("roots"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path genoa = roots.resolve("genoa");
        for (String f : new String[] {"ark.pem", "ask.pem", "asvk.pem"}) {
            Files.move(genoa.resolve(f), elsewhere.resolve(f));
        }
        Files.delete(genoa);
        Files.createSymbolicLink(genoa, elsewhere);
        ApplianceConfig c = config("attestation:\n  test-trust-roots-dir: " + roots + "\n");
        TrustedInputs.check(c, null);
        Files.setPosixFilePermissions(elsewhere.resolve("ark.pem"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith(
                        "attestation.test-trust-roots-dir: " + elsewhere.resolve("ark.pem") + " is writable by others");
    }

    @Test
    void theDefaultPolicyFileInTheDataDirectoryIsCheckedToo() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path policies = Files.writeString(data.resolve("policies.yaml"), "policies: {}\n");
        ApplianceConfig c = config("");
        TrustedInputs.check(c, null);
        Files.setPosixFilePermissions(policies, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> TrustedInputs.check(c, null))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("policies: " + policies + " is writable by others");
    }

    @Test
    void theConfigurationFileItselfCounts() throws Exception {
        ApplianceConfig c = config("");
        Path file = tmp.resolve("appliance.yaml");
        TrustedInputs.check(c, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        // It names every other input: whoever can write it chooses the policies and the CAs.
        assertThatThrownBy(() -> TrustedInputs.check(c, file))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("--config: " + file + " is writable by its group");
    }

    @Test
    void aFileReadAgainWhileRunningIsCheckedAtEachRead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("etc"));
        Path crl = Files.writeString(dir.resolve("clients.crl"), "x");
        InputTrust trust = TrustedInputs.forRereads("tls.client-crls", true);
        trust.check(crl);
        Files.setPosixFilePermissions(crl, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> trust.check(crl))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("tls.client-crls: " + crl + " is writable by others");
        Files.setPosixFilePermissions(crl, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> trust.check(crl)).hasMessageStartingWith("tls.client-crls: " + dir + " is writable");
    }

    private ApplianceConfig config(String yaml) throws Exception {
        Path f = Files.writeString(tmp.resolve("appliance.yaml"), "data-dir: " + tmp.resolve("data") + "\n" + yaml);
        return new ConfigLoader().load(f);
    }
}
