package dev.snpkm.appliance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.bootstrap.ExternalClientCa;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certify's issuing CA from the appliance's files: a CA of its own issues certificates that verify under it; a key
 * file others may read, a key that is not the certificate's, a certificate that is no CA, and the client CA or a CA
 * it issued are refused, each naming its config key on one line.
 */
class CertifyIssuerFileTest {
    @TempDir
    Path dir;

    ExternalClientCa certifyCa;
    Path certifyKey;
    X509Certificate clientCa;
    ExternalClientCa clients;

    @BeforeEach
    void cas() throws Exception {
        certifyCa = ExternalClientCa.create(dir.resolve("certify"), "CN=certify issuing CA");
        certifyKey = certifyCa.writeCaKey("ca.key");
        clients = ExternalClientCa.create(dir.resolve("clients"), "CN=client CA");
        clientCa = read(clients.caPem());
    }

    @Test
    void aCaOfItsOwnIssuesCertificatesThatVerifyUnderIt() throws Exception {
        CertificateIssuer issuer = CertifyIssuerFile.load(certify(certifyCa.caPem(), certifyKey), List.of(clientCa));
        byte[] der = issuer.issue(
                SubjectPublicKeyInfo.getInstance(KeyPairGenerator.getInstance("EC")
                        .generateKeyPair()
                        .getPublic()
                        .getEncoded()),
                new X500Name("CN=disk-7"),
                Instant.now(),
                new SecureRandom());
        X509Certificate issued = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        issued.verify(read(certifyCa.caPem()).getPublicKey());
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=disk-7");
        assertThat(issued.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofDays(31)));
    }

    @Test
    void refusesAKeyFileGroupOrOthersMayRead() throws Exception {
        Files.setPosixFilePermissions(certifyKey, PosixFilePermissions.fromString("rw-r--r--"));
        assertRefused(certify(certifyCa.caPem(), certifyKey), "certify.ca-private-key: ", "chmod 600");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        Path otherKey = clients.writeCaKey("other.key");
        assertRefused(
                certify(certifyCa.caPem(), otherKey),
                "certify.ca-private-key: ",
                "is not the private key of certify.ca-certificate");
    }

    @Test
    void refusesACertificateThatIsNoCa() throws Exception {
        ExternalClientCa.IssuedFiles leaf = certifyCa.issueClient("not-a-ca");
        Files.setPosixFilePermissions(leaf.privateKey(), PosixFilePermissions.fromString("rw-------"));
        assertRefused(certify(leaf.certificate(), leaf.privateKey()), "certify.ca-certificate: ", "is not a CA");
    }

    @Test
    void refusesTheClientCaAndACaItIssued() throws Exception {
        assertRefused(
                certify(clients.caPem(), clients.writeCaKey("client-ca.key")),
                "certify.ca-certificate: ",
                "would log in as KMIP clients");
        ExternalClientCa.IssuedFiles sub = clients.issueSubordinateCa("sub CA");
        Files.setPosixFilePermissions(sub.privateKey(), PosixFilePermissions.fromString("rw-------"));
        assertRefused(
                certify(sub.certificate(), sub.privateKey()),
                "certify.ca-certificate: ",
                "would log in as KMIP clients");
        assertThat(CertifyIssuerFile.load(certify(sub.certificate(), sub.privateKey()), List.of()))
                .as("the same sub-CA, where the KMIP port does not trust its issuer")
                .isNotNull();
    }

    private void assertRefused(ApplianceConfig.Certify c, String key, String problem) {
        assertThatThrownBy(() -> CertifyIssuerFile.load(c, List.of(clientCa)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(key)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("PRIVATE KEY"));
    }

    private static ApplianceConfig.Certify certify(Path certificate, Path key) {
        return new ApplianceConfig.Certify(certificate, key, 30);
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
