package dev.snpkm.server.operations.attributes;

import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Name uniqueness decided by the store's name table, through the engine over TLS: concurrent requests for one name
 * cannot both win, a failed batch item gives its names back, and Re-key moves names instead of clashing with itself.
 */
class UniqueNamesTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final int CLIENTS = 8;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void concurrentRegistersOfOneNameLetExactlyOneWin() throws Exception {
        String label = "race-" + System.nanoTime();
        List<ResponseBatchItem> answers =
                race(V, i -> Operation.REGISTER, i -> Requests.symmetricKey(new byte[16], name(label)));

        assertExactlyOneWon(answers, ResultReason.NON_UNIQUE_NAME_ATTRIBUTE);
        assertThat(holders(label)).hasSize(1);
    }

    @Test
    void concurrentCreatesFrom1xClientsLetExactlyOneWinWithInvalidField() throws Exception {
        String label = "race-1x-" + System.nanoTime();
        List<ResponseBatchItem> answers =
                race(KmipVersion.V1_4, i -> Operation.CREATE, i -> Requests.aes(128, name(label)));

        assertExactlyOneWon(answers, ResultReason.INVALID_FIELD);
        assertThat(holders(label)).hasSize(1);
    }

    @Test
    void concurrentAddAttributesOfOneNameToDifferentObjectsLetExactlyOneWin() throws Exception {
        String label = "race-add-" + System.nanoTime();
        List<String> uids = new ArrayList<>();
        try (var s = server.session(server.owner)) {
            for (int i = 0; i < CLIENTS; i++) {
                uids.add(register(s, Requests.symmetricKey(new byte[16])));
            }
        }
        List<ResponseBatchItem> answers = race(
                V,
                i -> Operation.ADD_ATTRIBUTE,
                i -> new AddAttribute.Request(UniqueIdentifier.of(uids.get(i)), name(label)));

        assertExactlyOneWon(answers, ResultReason.NON_UNIQUE_NAME_ATTRIBUTE);
        assertThat(holders(label)).hasSize(1);
    }

    @Test
    void aFailedItemInAContinueBatchRollsBackOnlyItsOwnNames() {
        String a = "batch-a-" + System.nanoTime();
        String b = "batch-b-" + System.nanoTime();
        String c = "batch-c-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    RequestHeader.builder(V)
                            .batchOrderOption(true)
                            .batchErrorContinuationOption(BatchErrorContinuationOption.CONTINUE)
                            .build(),
                    List.of(
                            item(1, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(a))),
                            // claims b, then clashes on a: its b must go with it
                            item(2, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(b), name(a))),
                            item(3, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(c)))));

            assertThat(r.batchItems()).extracting(ResponseBatchItem::isSuccess).containsExactly(true, false, true);
            assertThat(r.batchItems().get(1).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
            assertThat(r.batchItems().get(1).resultMessage()).isEqualTo("the name '" + a + "' is already in use");
            assertThat(s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(b)))
                            .isSuccess())
                    .as("the failed item's first name was rolled back")
                    .isTrue();
            for (String kept : List.of(a, c)) {
                assertThat(s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(kept)))
                                .resultReason())
                        .as(kept)
                        .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
            }
        }
    }

    @Test
    void modifyingOneNameIntoTheObjectsOtherNameIsAClashAndLeavesBothNames() {
        String a = "two-a-" + System.nanoTime();
        String b = "two-b-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String uid = register(s, Requests.symmetricKey(new byte[16], name(a), name(b)));

            ResponseBatchItem modified = s.call(
                    V,
                    Operation.MODIFY_ATTRIBUTE,
                    new ModifyAttribute.Request(UniqueIdentifier.of(uid), name(b), name(a)));

            assertThat(modified.resultReason()).isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
            assertThat(s.call(
                                    V,
                                    Operation.GET_ATTRIBUTES,
                                    new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("Name")))
                            .payload(GetAttributes.Response.class)
                            .orElseThrow()
                            .attributes()
                            .all("Name"))
                    .extracting(n -> ((Name) n.value()).value())
                    .containsExactly(a, b);
            assertThat(s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(b)))
                            .resultReason())
                    .as("the refused edit did not release b")
                    .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
        }
    }

    @Test
    void reKeyMovesTheNamesToTheNewKey() {
        String label = "rekey-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String old = register(s, Requests.symmetricKey(new byte[16], name(label)));
            ResponseBatchItem reKeyed =
                    s.call(V, Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(old), null, null, null));
            assertThat(reKeyed.isSuccess()).as("%s", reKeyed.resultMessage()).isTrue();
            String replacement =
                    reKeyed.payload(ReKey.Response.class).orElseThrow().uniqueIdentifier();

            assertThat(holders(label)).containsExactly(replacement);
            assertThat(s.call(
                                    V,
                                    Operation.GET_ATTRIBUTES,
                                    new GetAttributes.Request(UniqueIdentifier.of(old), List.of("Name")))
                            .payload(GetAttributes.Response.class)
                            .orElseThrow()
                            .attributes()
                            .all("Name"))
                    .isEmpty();
            assertThat(s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16], name(label)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.NON_UNIQUE_NAME_ATTRIBUTE));
        }
    }

    /** Every client sends its request at once, each over its own TLS connection. */
    private static List<ResponseBatchItem> race(
            KmipVersion v, IntFunction<Operation> op, IntFunction<RequestPayload> payload) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        try {
            List<Future<ResponseBatchItem>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                futures.add(pool.submit(() -> {
                    try (var s = server.session(server.owner)) {
                        start.await(30, TimeUnit.SECONDS);
                        return s.call(v, op.apply(client), payload.apply(client));
                    }
                }));
            }
            List<ResponseBatchItem> answers = new ArrayList<>();
            for (Future<ResponseBatchItem> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertExactlyOneWon(List<ResponseBatchItem> answers, ResultReason loserReason) {
        assertThat(answers.stream().filter(ResponseBatchItem::isSuccess))
                .as("winners")
                .hasSize(1);
        assertThat(answers.stream().filter(a -> !a.isSuccess()))
                .hasSize(CLIENTS - 1)
                .allSatisfy(a -> {
                    assertThat(a.resultReason()).as("%s", a.resultMessage()).isEqualTo(EnumCode.of(loserReason));
                    assertThat(a.resultMessage()).endsWith("' is already in use");
                });
    }

    private static List<String> holders(String label) {
        try (var s = server.session(server.owner)) {
            return s.call(V, Operation.LOCATE, Locate.Request.of(Attributes.of(name(label))))
                    .payload(Locate.Response.class)
                    .orElseThrow()
                    .uniqueIdentifiers();
        }
    }

    private static String register(EngineFixture.Session s, Register.Request request) {
        return s.call(V, Operation.REGISTER, request)
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static RequestBatchItem item(int id, Operation op, RequestPayload p) {
        return RequestBatchItem.of(op, p).withId(Bytes.of(new byte[] {(byte) id}));
    }
}
