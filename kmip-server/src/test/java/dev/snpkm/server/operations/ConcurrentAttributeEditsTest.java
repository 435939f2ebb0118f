package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attribute edits are read-modify-write of the object's attributes: concurrent edits of one object from several
 * connections must serialise on the object's row, so none is lost.
 */
class ConcurrentAttributeEditsTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final int CLIENTS = 4;
    private static final int EDITS_EACH = 25;

    @TempDir
    Path dir;

    @Test
    void concurrentAddAttributesOnOneObjectAreAllKept() throws Exception {
        try (EngineFixture server = EngineFixture.start(dir)) {
            String uid;
            try (var s = server.session(server.owner)) {
                uid = s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16]))
                        .payload(Register.Response.class)
                        .orElseThrow()
                        .uniqueIdentifier();
            }
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<List<ResponseBatchItem>>> results = new ArrayList<>();
                for (int t = 0; t < CLIENTS; t++) {
                    int client = t;
                    results.add(pool.submit(() -> {
                        List<ResponseBatchItem> answers = new ArrayList<>();
                        try (var s = server.session(server.owner)) {
                            for (int i = 0; i < EDITS_EACH; i++) {
                                answers.add(s.call(
                                        V,
                                        Operation.ADD_ATTRIBUTE,
                                        new AddAttribute.Request(
                                                UniqueIdentifier.of(uid),
                                                AttributeFactory.text("Object Group", "g-" + client + "-" + i))));
                            }
                        }
                        return answers;
                    }));
                }
                for (Future<List<ResponseBatchItem>> f : results) {
                    assertThat(f.get(60, TimeUnit.SECONDS))
                            .allSatisfy(a -> assertThat(a.isSuccess())
                                    .as("%s", a.resultMessage())
                                    .isTrue());
                }
            } finally {
                pool.shutdownNow();
            }
            try (var s = server.session(server.owner)) {
                List<String> groups = s
                        .call(
                                V,
                                Operation.GET_ATTRIBUTES,
                                new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("Object Group")))
                        .payload(GetAttributes.Response.class)
                        .orElseThrow()
                        .attributes()
                        .all("Object Group")
                        .stream()
                        .map(a -> ((Ttlv.TextString) a.item().orElseThrow()).value())
                        .toList();
                List<String> expected = IntStream.range(0, CLIENTS)
                        .boxed()
                        .flatMap(c -> IntStream.range(0, EDITS_EACH).mapToObj(i -> "g-" + c + "-" + i))
                        .toList();
                assertThat(groups).as("every acknowledged edit is kept").containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }
}
