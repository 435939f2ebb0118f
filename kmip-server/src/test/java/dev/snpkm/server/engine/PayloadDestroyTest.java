package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.OperationDispatcher;
import dev.snpkm.server.operations.OperationHandler;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine zeroes every response payload's secrets once the response tree holds its own copy. */
class PayloadDestroyTest {
    private static final ClientIdentity CLIENT = new ClientIdentity("CN=vm", Optional.of("vm"), "0f".repeat(32));

    @TempDir
    Path dir;

    /** A Get handler that answers with the payload it was given, so the test can look at it afterwards. */
    private record Answering(ResponsePayload payload) implements OperationHandler<Get.Request> {
        @Override
        public Operation operation() {
            return Operation.GET;
        }

        @Override
        public Class<Get.Request> requestType() {
            return Get.Request.class;
        }

        @Override
        public ResponsePayload handle(Get.Request request, OperationContext context) {
            return payload;
        }
    }

    @Test
    void aReleasedKeyIsSentAndThenZeroedInTheHandlersPayload() throws Exception {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5A);
        KeyBlock block = KeyBlock.raw(key, CryptographicAlgorithm.AES, 256);
        Secret held = ((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material()).bytes();

        try (Database db = TestStores.open(dir.resolve("store"))) {
            JdbcObjectStore store = new JdbcObjectStore(
                    db, new MaterialSealer(new SoftwareMasterKey(1, new byte[32])), Clock.systemUTC());
            ServerServices services = new ServerServices(
                    store,
                    new EngineFixture.FakeGate(),
                    AccessPolicy.noAdministrators(),
                    Clock.systemUTC(),
                    new SecureRandom());
            OperationDispatcher dispatcher = new OperationDispatcher(
                    List.of(new Answering(Get.Response.of("k1", new ManagedObject.SymmetricKey(block)))));
            Ttlv request = MessageMapper.toTtlv(RequestMessage.of(
                    RequestHeader.builder(KmipVersion.V2_1).build(),
                    List.of(RequestBatchItem.of(Operation.GET, Get.Request.of("k1")))));

            Ttlv response = new KmipEngine(services, dispatcher, null).process((Ttlv.Structure) request, CLIENT);

            Get.Response sent = MessageMapper.responseFromTtlv(response)
                    .batchItems()
                    .get(0)
                    .payload(Get.Response.class)
                    .orElseThrow();
            KeyBlock sentBlock = ((ManagedObject.SymmetricKey) sent.object()).keyBlock();
            byte[] sentKey = ((KeyMaterial.Raw) ((KeyValue.Plain) sentBlock.keyValue()).material())
                    .bytes()
                    .toByteArray();
            assertThat(sentKey).isEqualTo(key);
            assertThat(held.isDestroyed()).as("the handler's copy of the key").isTrue();
        }
    }
}
