package dev.snpkm.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.tls.TlsConfigurationException;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.testing.ReadmeExample;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** README.md's example is this class's {@link #createDiskKey} word for word, and it works against our server. */
@Timeout(120)
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/snpkm/client/ReadmeExampleTest.java");

    // readme:begin
    static String createDiskKey(Path caBundle, Path certificate, Path privateKey, String host, int port)
            throws TlsConfigurationException, KmipOperationException, IOException {
        ClientTlsConfig tls = ClientTlsConfig.fromPem(caBundle, certificate, privateKey); // PEM files
        KmipEndpoint server = new KmipEndpoint(host, port); // KMIP's port is 5696
        try (KmipClient kmip = new KmipClient(new KmipTransport(server, tls, TransportSettings.defaults()))) {
            String uid = kmip.create(
                    CryptographicAlgorithm.AES,
                    256,
                    KeyAttributes.name("disk-key-1"),
                    KeyAttributes.usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT));
            kmip.activate(uid);
            return uid; // later: kmip.get(uid) returns the key; destroy() it when done to zero the bytes
        }
    }
    // readme:end

    @Test
    void theReadmeShowsThisClassesExample() throws IOException {
        assertThat(ReadmeExample.javaBlockOf(Path.of("README.md")))
                .containsExactlyElementsOf(ReadmeExample.markedRegionOf(SOURCE));
    }

    @Test
    void theExampleCreatesAnActiveNamedKeyOnOurServer(@TempDir Path dir) throws Exception {
        try (TestKeyServer kms = TestKeyServer.start(dir, KeyReleaseGate.DENY_ALL)) {
            String uid = createDiskKey(
                    kms.pki.caCertificatePem(),
                    kms.owner.certificatePem(),
                    kms.owner.privateKeyPem(),
                    "127.0.0.1",
                    kms.server.port());

            try (KmipClient owner = kms.client(kms.owner)) {
                assertThat(owner.locate(Attributes.of(KeyAttributes.name("disk-key-1")), 10))
                        .containsExactly(uid);
                assertThat(owner.getAttributes(uid, "State").enumeration("State", State.class))
                        .contains(EnumCode.of(State.ACTIVE));
                ManagedObject key = owner.get(uid);
                KeyValue.Plain value = (KeyValue.Plain)
                        ((ManagedObject.SymmetricKey) key).keyBlock().keyValue();
                assertThat(((KeyMaterial.Raw) value.material()).bytes().toByteArray())
                        .hasSize(32);
                key.destroy();
            }
        }
    }
}
