package dev.snpkm.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmRoleTest {
    @TempDir
    Path dir;

    @Test
    void theVmPolicyMarksACertificateOnEveryAskingAndAPlainOneNever() throws Exception {
        TestPki pki = TestPki.generate(dir);
        X509Certificate vm = pki.issueVmClient("vm", "guest-1").certificate();
        X509Certificate plain = pki.client().certificate();

        for (int i = 0; i < 3; i++) { // the first asking reads the extension, the later ones are remembered
            assertThat(VmRole.markedIn(vm)).isTrue();
            assertThat(VmRole.markedIn(plain)).isFalse();
        }
        // Another object with the same bytes (a new connection's certificate) gets the same answer.
        assertThat(VmRole.markedIn(reparsed(vm))).isTrue();
        assertThat(VmRole.markedIn(reparsed(plain))).isFalse();
    }

    private static X509Certificate reparsed(X509Certificate c) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(c.getEncoded()));
    }
}
