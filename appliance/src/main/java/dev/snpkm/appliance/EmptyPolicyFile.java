package dev.snpkm.appliance;

import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** First run: an empty policy file, so the appliance starts deny-by-default and the operator has a file to edit. */
final class EmptyPolicyFile {
    private EmptyPolicyFile() {}

    static void ensure(Path file) throws IOException {
        if (!Files.exists(file)) {
            // 0600: which measurements unlock which keys is the operator's business, not every local user's.
            OwnerOnlyFile.create(
                    file,
                    ("# Release policies (format: docs/OPERATIONS.md); reload: kmipctl policies "
                                    + "reload\npolicies: {}\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
    }
}
