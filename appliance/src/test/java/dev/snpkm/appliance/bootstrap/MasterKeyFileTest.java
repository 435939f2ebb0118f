package dev.snpkm.appliance.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key is created 0600 and refused, as ssh refuses its keys, when others can read it or it is the wrong size. */
class MasterKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void createdOwnerOnlyAndLoaded() throws Exception {
        MasterKeyFile key = new MasterKeyFile(dir.resolve("master.key"));
        assertThat(key.ensureExists()).isTrue();
        assertThat(key.ensureExists()).as("never replaced").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.path())))
                .isEqualTo("rw-------");
        byte[] bytes = key.readBytes();
        assertThat(bytes).hasSize(32);
        assertThat(key.load()).isNotNull();
    }

    @Test
    void aKeyTheGroupOrOthersCanReadIsRefused() throws Exception {
        MasterKeyFile key = new MasterKeyFile(dir.resolve("master.key"));
        key.ensureExists();
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-"}) {
            Files.setPosixFilePermissions(key.path(), PosixFilePermissions.fromString(mode));
            assertThatThrownBy(key::load)
                    .as(mode)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is readable by others; chmod 600 it");
            assertThatThrownBy(key::auditChainKey).as(mode).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aKeyOfTheWrongSizeIsRefused() throws Exception {
        Path file = dir.resolve("master.key");
        OwnerOnlyFile.create(file, new byte[31]);
        assertThatThrownBy(() -> new MasterKeyFile(file).load())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("must hold exactly 32 bytes");
    }
}
