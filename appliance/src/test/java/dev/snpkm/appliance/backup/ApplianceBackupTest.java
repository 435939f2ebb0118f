package dev.snpkm.appliance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups written as a stream and restored in two passes: the first authenticates the whole file and checks every
 * target, the second writes; a file that fails anywhere leaves nothing behind.
 */
class ApplianceBackupTest {
    /** Enough keys for a backup of several chunks (about 290 KB sealed per 1,000 keys). */
    private static final int KEYS = 2_000;

    private static final BackupCipher CIPHER = new BackupCipher(new byte[32]);

    @TempDir
    static Path shared;

    private static DataDirectory original;
    private static byte[] backup;
    private static byte[] another;
    private static long written;

    @TempDir
    Path tmp;

    @BeforeAll
    static void backUpAStore() throws Exception {
        original = BackupFixture.create(shared.resolve("data"), KEYS);
        try (Database store = Database.openH2File(original.storeBase(), 2)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            written = BackupFixture.backup(original, store, CIPHER, out);
            backup = out.toByteArray();
            out.reset();
            BackupFixture.backup(original, store, CIPHER, out);
            another = out.toByteArray();
        }
        assertThat(backup.length).as("several full chunks").isGreaterThan(5 * SealedStream.RECORD);
    }

    @Test
    void aStreamedBackupRestoresTheSameStoreAndFiles() throws Exception {
        Path file = write("appliance.bak", backup);
        DataDirectory restored = new DataDirectory(tmp.resolve("restored"));

        ApplianceBackup.Restored r = ApplianceBackup.restore(file, CIPHER, restored);

        assertThat(r.statements()).isEqualTo(written);
        assertThat(r.storeOnly()).isFalse();
        assertThat(BackupFixture.contents(restored.storeBase()))
                .isEqualTo(BackupFixture.contents(original.storeBase()));
        assertThat(BackupFixture.contents(restored.storeBase()).get(0))
                .startsWith("managed_object ORDER BY uid: " + KEYS + " rows");
        assertThat(Files.readAllBytes(restored.caKey())).isEqualTo(Files.readAllBytes(original.caKey()));
        assertThat(Files.readString(restored.root().resolve(ApplianceBackup.RESTORED_CONFIG)))
                .isEqualTo("kmip: {}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.adminToken())))
                .isEqualTo("rw-------");
    }

    @Test
    void everyTamperingIsRefusedBeforeAnythingIsWritten() throws Exception {
        for (SealedStreamTest.Tampering t : SealedStreamTest.Tampering.values()) {
            Path file = write(t.name() + ".bak", t.apply(backup, another));
            DataDirectory target = new DataDirectory(tmp.resolve("restored-" + t.name()));

            assertThatThrownBy(() -> ApplianceBackup.restore(file, CIPHER, target))
                    .as(t.name())
                    .isInstanceOf(BackupException.class)
                    .hasMessage("backup " + file + " failed authentication: it is modified, truncated, or was made "
                            + "with another appliance's master key; nothing was restored");
            assertThat(target.root()).as(t.name()).doesNotExist();
        }
    }

    @Test
    void anotherAppliancesMasterKeyOpensNothing() throws Exception {
        Path file = write("appliance.bak", backup);
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThatThrownBy(() -> ApplianceBackup.restore(file, new BackupCipher(otherKey), target))
                .hasMessageContaining("failed authentication");
        assertThat(target.root()).doesNotExist();
    }

    @Test
    void aStatementLongerThanARestoreAcceptsIsRefusedInOneLineBeforeItIsRead() throws Exception {
        assertThat(refusedArchive(out -> out.writeInt(StreamedArchive.MAX_STATEMENT_BYTES + 1)))
                .isEqualTo(
                        "authenticated but is not a snpkm backup: statement length 67108865 out of range (the most a "
                                + "restore accepts is 67108864 bytes)");
    }

    @Test
    void anythingAfterTheArchivesEndIsRefused() throws Exception {
        assertThat(refusedArchive(out -> {
                    out.writeInt(-1);
                    out.writeInt(7);
                }))
                .endsWith("data after the archive's end");
    }

    /** The restore's message for an authentic archive of no files and then {@code rest}; nothing may be written. */
    private String refusedArchive(ArchiveWriter rest) throws IOException {
        Path file = write("crafted.bak", sealedArchive(out -> {
            out.writeInt(StreamedArchive.FORMAT);
            out.writeInt(0);
            rest.write(out);
        }));
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        BackupException e = assertThrows(BackupException.class, () -> ApplianceBackup.restore(file, CIPHER, target));
        assertThat(target.root()).doesNotExist();
        return String.valueOf(e.getMessage()).replace("backup " + file + " ", "");
    }

    @Test
    void aFormatOneBackupStillRestores() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : List.of(
                "pki/ca.pem",
                "pki/ca.key",
                "pki/server.pem",
                "pki/server.key",
                "pki/admin.pem",
                "pki/admin.key",
                "admin.token",
                ApplianceBackup.CONFIG)) {
            files.put(name, ("old " + name).getBytes(StandardCharsets.UTF_8));
        }
        Path file = write(
                "old.bak",
                CIPHER.seal(new BackupArchive(files, List.of("CREATE TABLE T(X INT)", "INSERT INTO T VALUES (1)"))
                        .encode()));
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));

        ApplianceBackup.Restored r = ApplianceBackup.restore(file, CIPHER, target);

        assertThat(r.statements()).isEqualTo(2);
        assertThat(Files.readString(target.caKey())).isEqualTo("old pki/ca.key");
        assertThat(target.storeFile()).exists();
    }

    private interface ArchiveWriter {
        void write(DataOutputStream out) throws IOException;
    }

    /** A hand-made archive, compressed and sealed as a backup would be. */
    private static byte[] sealedArchive(ArchiveWriter archive) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(plain))) {
            archive.write(out);
        }
        return SealedStreamTest.seal(plain.toByteArray());
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, content);
        return file;
    }
}
