package dev.snpkm.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edited policy file keeps the mode, owner and group of the one it replaces, whoever runs kmipctl. */
class PolicyFileEditorTest {
    private static final String OLD = "ab".repeat(48);
    private static final String NEW = "cd".repeat(48);

    @TempDir
    Path tmp;

    @Test
    void theReplacedFileKeepsItsModeOwnerAndGroup() throws Exception {
        Path policies = tmp.resolve("policies.yaml");
        Files.writeString(policies, "policies:\n  prod-db:\n    measurements: [\"" + OLD + "\"]\n");
        Files.setPosixFilePermissions(policies, PosixFilePermissions.fromString("rw-r-----"));
        if ("root".equals(System.getProperty("user.name"))) { // as the appliance's own file would be
            Files.setOwner(
                    policies,
                    tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        PosixFileAttributes before = Files.readAttributes(policies, PosixFileAttributes.class);

        PolicyFileEditor.addMeasurement(policies, "prod-db", NEW);

        PosixFileAttributes after = Files.readAttributes(policies, PosixFileAttributes.class);
        assertThat(Files.readString(policies)).contains(NEW);
        assertThat(after.owner()).isEqualTo(before.owner());
        assertThat(after.group()).isEqualTo(before.group());
        assertThat(PosixFilePermissions.toString(after.permissions())).isEqualTo("rw-r-----");
    }
}
