package dev.snpkm.appliance.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kmipctl clients issue --out DIR` writes a private key where it is told: a symlink planted in DIR (a shared
 * directory, say) must make it fail, never write the key or certificate to wherever the link points.
 */
class ClientCertificateIssuerTest {
    @TempDir
    Path tmp;

    private ClientCertificateIssuer issuer;
    private Path out;

    @BeforeEach
    void bootstrap() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        new PkiBootstrap(dir, List.of()).run();
        issuer = new ClientCertificateIssuer(dir);
        out = Files.createDirectory(tmp.resolve("out"));
    }

    @Test
    void aSymlinkAtTheCertificateOrKeyIsRefusedAndNothingIsWrittenWhereItPoints() throws Exception {
        for (String planted : List.of("guest.pem", "guest.key")) {
            Path elsewhere = tmp.resolve("stolen-" + planted);
            Files.createSymbolicLink(out.resolve(planted), elsewhere);

            assertThatThrownBy(() -> issuer.issue("guest", out))
                    .as(planted)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already exists");

            assertThat(elsewhere).as(planted).doesNotExist();
            assertThat(names(out)).as(planted).containsExactly(planted);
            Files.delete(out.resolve(planted));
        }
    }

    @Test
    void clientsIssuedIntoOneDirectoryShareItsCaCopyAndLeaveNoTemporaryFiles() throws Exception {
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "not the CA");
        Files.createSymbolicLink(out.resolve("ca.pem"), elsewhere);

        ClientCertificateIssuer.Issued first = issuer.issue("guest-1", out);
        issuer.issue("guest-2", true, out);

        assertThat(names(out)).containsExactly("ca.pem", "guest-1.key", "guest-1.pem", "guest-2.key", "guest-2.pem");
        assertThat(mode(first.privateKey())).isEqualTo("rw-------");
        assertThat(mode(first.certificate())).isEqualTo("rw-r--r--");
        assertThat(Files.isRegularFile(first.caCertificate(), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
        assertThat(Files.readString(elsewhere)).isEqualTo("not the CA");
        assertThat(Files.readString(first.certificate())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
