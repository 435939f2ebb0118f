package dev.snpkm.client.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.TestKeyServer;
import dev.snpkm.client.tls.CipherPolicy;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.testing.PyKmipServer;
import dev.snpkm.server.testing.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed client against another vendor's server: Debian's PyKMIP 0.10 ({@code pykmip-server}) on loopback, spoken
 * to as that server requires: KMIP 1.2 fixed (no Discover Versions), TLS 1.2 CBC suites (PYKMIP_COMPATIBLE), no
 * correlation values. One lifecycle, each step checked against what the server reports back.
 */
@Timeout(90)
class PyKmipServerInteropIT {
    @TempDir
    static Path dir;

    static PyKmipServer pykmip;
    static KmipClient client;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        pykmip = PyKmipServer.start(dir.resolve("pykmip"), pki, "WARNING");
        ClientTlsConfig tls = ClientTlsConfig.fromPem(
                        pki.caCertificatePem(),
                        pki.client().certificatePem(),
                        pki.client().privateKeyPem())
                .withCipherPolicy(CipherPolicy.PYKMIP_COMPATIBLE);
        client = new KmipClient(
                new KmipTransport(new KmipEndpoint("127.0.0.1", pykmip.port()), tls, TestKeyServer.TRANSPORT),
                KmipClient.Options.fixed(KmipVersion.V1_2));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (pykmip != null) {
            pykmip.close();
        }
    }

    @Test
    void createGetLocateGetAttributesActivateRevokeDestroy() throws Exception {
        String name = "snpkm-client-interop-" + System.nanoTime();

        String uid = client.create(
                CryptographicAlgorithm.AES,
                256,
                KeyAttributes.name(name),
                KeyAttributes.usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT));
        assertThat(uid).as("create").isNotBlank();
        assertThat(client.protocolVersion()).isEqualTo(KmipVersion.V1_2);

        ManagedObject key = client.get(uid);
        try {
            assertThat(key).as("get").isInstanceOf(ManagedObject.SymmetricKey.class);
            var block = ((ManagedObject.SymmetricKey) key).keyBlock();
            assertThat(((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material())
                            .bytes()
                            .length())
                    .as("AES-256 key bytes")
                    .isEqualTo(32);
        } finally {
            key.destroy();
        }

        assertThat(client.locate(Attributes.of(KeyAttributes.name(name)), null))
                .as("locate by name")
                .containsExactly(uid);

        Attributes attributes = client.getAttributes(uid, "Cryptographic Algorithm", "Cryptographic Length", "State");
        assertThat(attributes.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.class))
                .as("get attributes: algorithm")
                .contains(EnumCode.of(CryptographicAlgorithm.AES));
        assertThat(attributes.integer("Cryptographic Length"))
                .as("get attributes: length")
                .contains(256);
        assertThat(attributes.enumeration("State", State.class)).contains(EnumCode.of(State.PRE_ACTIVE));

        client.activate(uid);
        assertThat(client.getAttributes(uid, "State").enumeration("State", State.class))
                .as("after activate")
                .contains(EnumCode.of(State.ACTIVE));

        client.revoke(uid, RevocationReason.of(RevocationReasonCode.CESSATION_OF_OPERATION));
        assertThat(client.getAttributes(uid, "State").enumeration("State", State.class))
                .as("after revoke")
                .contains(EnumCode.of(State.DEACTIVATED));

        client.destroy(uid);
        assertThatThrownBy(() -> client.get(uid)).as("get after destroy").isInstanceOf(KmipOperationException.class);
        assertThat(client.locate(Attributes.of(KeyAttributes.name(name)), null))
                .as("locate after destroy")
                .isEmpty();
    }
}
