package dev.snpkm.appliance.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first run makes the master key; a later run never replaces a lost one under an existing store. */
class PkiBootstrapTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingMasterKeyBesideAnExistingStoreIsRefusedNotRecreated() throws Exception {
        DataDirectory dir = new DataDirectory(tmp);
        assertThat(new PkiBootstrap(dir, List.of()).run().createdMasterKey()).isTrue();
        Files.createDirectories(dir.storeDirectory());
        Files.write(dir.storeFile(), new byte[] {1}); // a store exists (its content does not matter here)
        Files.delete(dir.masterKey());

        assertThatThrownBy(() -> new PkiBootstrap(dir, List.of()).run())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("master.key is missing, but the store")
                .hasMessageContaining("restore master.key from its backup");
        assertThat(dir.masterKey()).doesNotExist();
    }
}
