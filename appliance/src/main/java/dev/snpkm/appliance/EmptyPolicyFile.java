package dev.snpkm.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** First run: an empty policy file, so the appliance starts deny-by-default and the operator has a file to edit. */
final class EmptyPolicyFile {
    private EmptyPolicyFile() {
    }

    static void ensure(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "# Release policies (see docs/attested-release); reload: kmipctl policies reload\n"
                    + "policies: {}\n");
        }
    }
}
