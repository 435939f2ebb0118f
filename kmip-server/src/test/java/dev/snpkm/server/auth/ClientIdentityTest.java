package dev.snpkm.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestPki;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientIdentityTest {
    @TempDir
    Path dir;

    @Test
    void identityCarriesSubjectCommonNameAndCertificateFingerprint() throws Exception {
        TestPki pki = TestPki.generate(dir);
        var cert = pki.client().certificate();

        ClientIdentity id = ClientIdentity.of(cert);

        assertThat(id.subjectDn()).isEqualTo("CN=test-client,OU=vm-unlock,O=snpkm tests");
        assertThat(id.commonName()).contains("test-client");
        assertThat(id.sha256Fingerprint())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
        assertThat(ClientIdentity.of(pki.untrustedClient().certificate())).isNotEqualTo(id);
    }

    @Test
    void fingerprintMustBeSha256Hex() {
        assertThatThrownBy(() -> new ClientIdentity("CN=x", Optional.of("x"), "abc"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
