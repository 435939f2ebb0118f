package dev.snpkm.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.ReadmeExample;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.tls.TlsSettings;
import dev.snpkm.server.transport.ServerSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md's embedding example is this class's {@link #startKeyServer} word for word, and it serves KMIP. */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/snpkm/server/ReadmeExampleTest.java");

    // readme:begin
    static RunningKmipServer startKeyServer(
            Path dataDir,
            Path serverCertificate,
            Path serverKey,
            Path clientCa,
            byte[] masterKey,
            String administratorDn)
            throws IOException {
        TlsSettings tls = TlsSettings.of(serverCertificate, serverKey, clientCa); // mutual TLS: clients need a cert
        ServerSettings transport = ServerSettings.defaults(tls)
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0)); // port 0: any free port (KMIP's is 5696)
        return KmipServerBuilder.serving(transport, new SoftwareMasterKey(1, masterKey))
                .h2File(dataDir.resolve("kms")) // the store: dataDir/kms.mv.db
                .administrators(Set.of(administratorDn)) // no release gate given: bound keys are never released
                .start(); // listening now; close() stops the listener, then the store
    }
    // readme:end

    @Test
    void theReadmeShowsThisClassesExample() throws IOException {
        assertThat(ReadmeExample.javaBlockOf(Path.of("README.md")))
                .containsExactlyElementsOf(ReadmeExample.markedRegionOf(SOURCE));
    }

    @Test
    void theExampleServesKmipOverMutualTlsAndKeepsKeysInItsStore(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        try (RunningKmipServer server = startKeyServer(
                        dir.resolve("data"),
                        pki.server().certificatePem(),
                        pki.server().privateKeyPem(),
                        pki.caCertificatePem(),
                        master,
                        "CN=admin");
                KmipTestConnection client = KmipTestConnection.open(pki.clientContext(pki.client()), server.port())) {
            Arrays.fill(master, (byte) 0);
            ResponseBatchItem created = call(client, Operation.CREATE, Requests.aes(256));
            assertThat(created.isSuccess()).as(created.toString()).isTrue();
            String uid = created.payload(Create.Response.class).orElseThrow().uniqueIdentifier();

            ResponseBatchItem got =
                    call(client, Operation.GET, new Get.Request(UniqueIdentifier.of(uid), null, null, null, null));
            assertThat(got.isSuccess()).as(got.toString()).isTrue();
            ManagedObject key = got.payload(Get.Response.class).orElseThrow().object();
            KeyValue.Plain value = (KeyValue.Plain)
                    ((ManagedObject.SymmetricKey) key).keyBlock().keyValue();
            assertThat(((KeyMaterial.Raw) value.material()).bytes().toByteArray())
                    .hasSize(32);
            key.destroy();
        }
        assertThat(dir.resolve("data/kms.mv.db")).as("the H2 store file").exists();
        assertThat(Files.size(dir.resolve("data/kms.mv.db"))).isPositive();
    }

    private static ResponseBatchItem call(KmipTestConnection c, Operation op, RequestPayload payload) throws Exception {
        RequestMessage request = RequestMessage.of(
                RequestHeader.builder(KmipVersion.V1_4).build(), List.of(RequestBatchItem.of(op, payload)));
        return MessageMapper.responseFromTtlv(c.roundTrip(MessageMapper.toTtlv(request)))
                .batchItems()
                .get(0);
    }
}
