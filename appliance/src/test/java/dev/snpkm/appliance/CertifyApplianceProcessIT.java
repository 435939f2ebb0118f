package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.ExternalClientCa;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.appliance.testing.TestConfigs;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Certify;
import dev.snpkm.kmip.types.Bytes;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance's {@code certify} section on the real process: with an issuing CA of its own, a PKCS#10 request sent
 * over mutual TLS comes back as a stored certificate that CA signed, for the validity configured; pointed at the
 * appliance's own client CA, the start is refused with one line naming the key.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CertifyApplianceProcessIT {
    @TempDir
    Path tmp;

    @Test
    void certifiesWithItsOwnCaAndRefusesTheClientCa() throws Exception {
        ExternalClientCa issuing = ExternalClientCa.create(tmp.resolve("certify"), "CN=appliance certify CA");
        Path issuingKey = issuing.writeCaKey("ca.key");
        DataDirectory data = new DataDirectory(tmp.resolve("data"));
        Path config = Files.writeString(tmp.resolve("appliance.yaml"), certifyConfig(issuing.caPem(), issuingKey));
        X509Certificate issued;
        X500Principal requested;
        try (ApplianceProcess appliance = ApplianceProcess.start(config, data.root())) {
            int port = appliance.awaitReady().kmipPort();
            KeyPair disk = KeyPairGenerator.getInstance("EC").generateKeyPair();
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                            new X500Name("CN=array-3,O=storage"), disk.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(disk.getPrivate()));
            requested = new X500Principal(csr.getSubject().getEncoded());
            try (KmipClient admin = new KmipClient(new KmipTransport(
                    KmipEndpoint.parse("127.0.0.1:" + port),
                    ClientTlsConfig.fromPem(data.caCertificate(), data.adminCertificate(), data.adminKey()),
                    TransportSettings.defaults().withReadTimeout(Duration.ofSeconds(30))))) {
                String uid = admin.batch()
                        .add(
                                Operation.CERTIFY,
                                new Certify.Request(
                                        null, Certify.PKCS10, Bytes.of(csr.getEncoded()), Attributes.EMPTY, null))
                        .execute()
                        .requireSuccess()
                        .payload(0, Certify.Response.class)
                        .uniqueIdentifier();
                ManagedObject.Certificate stored = (ManagedObject.Certificate) admin.get(uid);
                issued = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(
                                new ByteArrayInputStream(stored.value().toByteArray()));
            }
        }
        X509Certificate ca = read(issuing.caPem());
        issued.verify(ca.getPublicKey());
        assertThat(issued.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(issued.getSubjectX500Principal()).as("the request's subject").isEqualTo(requested);
        assertThat(issued.getNotAfter().toInstant())
                .as("certify.validity-days: 7")
                .isBefore(Instant.now().plus(Duration.ofDays(7)).plusSeconds(60));

        // The bootstrapped client CA as Certify's issuer: what it signed would log in, so the appliance does not start.
        Path clientCaConfig =
                Files.writeString(tmp.resolve("client-ca.yaml"), certifyConfig(data.caCertificate(), data.caKey()));
        try (ApplianceProcess refused = ApplianceProcess.start(clientCaConfig, data.root())) {
            assertThat(refused.awaitExit(Duration.ofSeconds(60)))
                    .as(refused.output())
                    .isNotZero();
            assertThat(refused.output())
                    .contains("certify.ca-certificate: ")
                    .contains("would log in as KMIP clients")
                    .doesNotContain("event=ready", "\tat ", "PRIVATE KEY");
        }
    }

    private static String certifyConfig(Path certificate, Path key) {
        return TestConfigs.loopback(
                "certify:\n  ca-certificate: " + certificate + "\n  ca-private-key: " + key + "\n  validity-days: 7\n");
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
