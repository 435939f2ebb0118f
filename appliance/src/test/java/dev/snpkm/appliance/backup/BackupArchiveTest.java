package dev.snpkm.appliance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BackupArchiveTest {
    @Test
    void filesAndStatementsSurviveEncodeAndDecode() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("pki/ca.key", new byte[] {1, 2, 3});
        files.put("admin.token", "abc".getBytes(StandardCharsets.US_ASCII));
        BackupArchive decoded = BackupArchive.decode(
                new BackupArchive(files, List.of("CREATE TABLE T(X INT)", "INSERT INTO T VALUES(1)")).encode());
        assertThat(decoded.files()).containsOnlyKeys("pki/ca.key", "admin.token");
        assertThat(decoded.files().get("pki/ca.key")).containsExactly(1, 2, 3);
        assertThat(decoded.statements()).containsExactly("CREATE TABLE T(X INT)", "INSERT INTO T VALUES(1)");
    }

    @Test
    void aStoreOnlyFormatOneBackupStillDecodesWithoutFiles() throws Exception {
        BackupArchive decoded = BackupArchive.decode(gzip(out -> {
            out.writeInt(1);
            out.writeInt(1);
            byte[] sql = "CREATE TABLE T(X INT)".getBytes(StandardCharsets.UTF_8);
            out.writeInt(sql.length);
            out.write(sql);
        }));
        assertThat(decoded.files()).isEmpty();
        assertThat(decoded.statements()).containsExactly("CREATE TABLE T(X INT)");
    }

    @Test
    void anUnknownFormatOrAnOversizedCountIsRefused() throws Exception {
        assertThatThrownBy(() -> BackupArchive.decode(gzip(out -> out.writeInt(9))))
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> BackupArchive.decode(gzip(out -> {
                    out.writeInt(2);
                    out.writeInt(100_000);
                })))
                .hasMessageContaining("file count");
        assertThatThrownBy(() -> BackupArchive.decode(gzip(out -> out.writeInt(2))))
                .hasMessageContaining("early");
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] gzip(Writer w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(b))) {
            w.write(out);
        }
        return b.toByteArray();
    }
}
