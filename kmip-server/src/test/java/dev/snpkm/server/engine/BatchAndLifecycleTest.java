package dev.snpkm.server.engine;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.message.FailureResponses;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.Requests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batches (ID Placeholder, Stop/Continue/Undo, ids, size limit), versions, and the lifecycle state machine. */
class BatchAndLifecycleTest {
    private static final KmipVersion V = KmipVersion.V1_4;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static RequestBatchItem item(int id, Operation op, dev.snpkm.kmip.payload.RequestPayload p) {
        return RequestBatchItem.of(op, p).withId(Bytes.of(new byte[] {(byte) id}));
    }

    private static RequestHeader header(BatchErrorContinuationOption option) {
        RequestHeader.Builder b = RequestHeader.builder(V).batchOrderOption(true);
        return option == null
                ? b.build()
                : b.batchErrorContinuationOption(option).build();
    }

    private static State state(EngineFixture.Session s, KmipVersion v, String uid) {
        var a = s.call(
                        v,
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("State")))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
        int value = a.item("State", Ttlv.Enumeration.class).orElseThrow().value();
        return EnumCode.of(State.class, value).known().orElseThrow();
    }

    @Test
    void laterItemsUseTheIdPlaceholderAndEveryItemEchoesItsId() {
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    header(null),
                    List.of(
                            item(1, Operation.CREATE, Requests.aes(128)),
                            item(2, Operation.ACTIVATE, new Activate.Request(null)),
                            item(3, Operation.GET_ATTRIBUTES, new GetAttributes.Request(null, List.of("State")))));
            assertThat(r.batchItems()).extracting(ResponseBatchItem::isSuccess).containsExactly(true, true, true);
            assertThat(r.batchItems())
                    .extracting(i -> i.uniqueBatchItemId().hex())
                    .containsExactly("01", "02", "03");
            String uid = r.batchItems()
                    .get(0)
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(r.batchItems()
                            .get(1)
                            .payload(Activate.Response.class)
                            .orElseThrow()
                            .uniqueIdentifier())
                    .isEqualTo(uid);
            assertThat(state(s, V, uid)).isEqualTo(State.ACTIVE);
            assertThat(r.header().nonce()).isNull();
            assertThat(r.header().clientCorrelationValue()).isNull();
        }
    }

    @Test
    void stopEndsTheBatchAtTheFirstFailureAndContinueRunsTheRest() {
        try (var s = server.session(server.owner)) {
            List<RequestBatchItem> items = List.of(
                    item(1, Operation.GET, Get.Request.of("no-such-object")),
                    item(2, Operation.CREATE, Requests.aes(256)));
            ResponseMessage stop = s.send(header(null), items);
            assertThat(stop.batchItems())
                    .singleElement()
                    .satisfies(i -> assertThat(i.resultReason()).isEqualTo(EnumCode.of(ResultReason.ITEM_NOT_FOUND)));
            ResponseMessage go = s.send(header(BatchErrorContinuationOption.CONTINUE), items);
            assertThat(go.batchItems()).extracting(ResponseBatchItem::isSuccess).containsExactly(false, true);
            assertThat(go.header().batchCount()).isEqualTo(2);
            // The batch is one transaction: the failed item is rolled back alone, the created key is committed.
            String created = go.batchItems()
                    .get(1)
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(s.call(V, Operation.GET, Get.Request.of(created)).isSuccess())
                    .isTrue();
        }
    }

    @Test
    void undoRollsBackTheEarlierItemsStoreChanges() {
        String label = "undo-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    header(BatchErrorContinuationOption.UNDO),
                    List.of(
                            item(1, Operation.CREATE, Requests.aes(128, name(label))),
                            item(2, Operation.GET, Get.Request.of("no-such-object"))));
            assertThat(r.batchItems().get(0).resultStatus()).isEqualTo(EnumCode.of(ResultStatus.OPERATION_UNDONE));
            assertThat(r.batchItems().get(1).resultReason()).isEqualTo(EnumCode.of(ResultReason.ITEM_NOT_FOUND));
            var found = s.call(V, Operation.LOCATE, Locate.Request.of(Attributes.of(name(label))))
                    .payload(Locate.Response.class)
                    .orElseThrow();
            assertThat(found.uniqueIdentifiers()).isEmpty();
            ResponseMessage ok = s.send(
                    header(BatchErrorContinuationOption.UNDO),
                    List.of(
                            item(1, Operation.CREATE, Requests.aes(128, name(label))),
                            item(2, Operation.LOCATE, Locate.Request.of(Attributes.of(name(label))))));
            assertThat(ok.batchItems()
                            .get(1)
                            .payload(Locate.Response.class)
                            .orElseThrow()
                            .uniqueIdentifiers())
                    .hasSize(1);
        }
    }

    @Test
    void aResponseLargerThanMaximumResponseSizeIsResponseTooLarge() {
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    RequestHeader.builder(V).maximumResponseSize(64).build(),
                    List.of(RequestBatchItem.of(
                            Operation.QUERY,
                            new Query.Request(List.of(
                                    EnumCode.of(QueryFunction.QUERY_OPERATIONS),
                                    EnumCode.of(QueryFunction.QUERY_OBJECTS))))));
            assertThat(r.batchItems().get(0).resultReason()).isEqualTo(EnumCode.of(ResultReason.RESPONSE_TOO_LARGE));
        }
    }

    @Test
    void aBatchOverTheItemLimitIsRefusedWholeAndTheConnectionStaysUsable() {
        try (var s = server.session(server.owner)) {
            List<RequestBatchItem> items = new java.util.ArrayList<>();
            for (int i = 0; i <= KmipEngine.DEFAULT_MAX_BATCH_ITEMS; i++) {
                items.add(RequestBatchItem.of(Operation.CREATE, Requests.aes(256, name("batch-cap-" + i)))
                        .withId(Bytes.of(
                                java.nio.ByteBuffer.allocate(4).putInt(i).array())));
            }
            ResponseMessage r = s.send(header(null), items);
            assertThat(r.batchItems()).hasSize(1);
            ResponseBatchItem only = r.batchItems().get(0);
            assertThat(only.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_MESSAGE));
            assertThat(only.resultMessage()).contains("at most " + KmipEngine.DEFAULT_MAX_BATCH_ITEMS);
            var located = s.call(V, Operation.LOCATE, Locate.Request.of(Attributes.of(name("batch-cap-0"))))
                    .payload(Locate.Response.class)
                    .orElseThrow();
            assertThat(located.uniqueIdentifiers()).isEmpty(); // nothing ran

            ResponseMessage withinLimit = s.send(header(null), items.subList(0, 2));
            assertThat(withinLimit.batchItems()).allMatch(ResponseBatchItem::isSuccess);
        }
    }

    @Test
    void unsupportedVersionsFailAsOneItemWithoutOperation() throws Exception {
        try (var s = server.session(server.owner)) {
            var v3 = s.raw().roundTrip(KmipTestMessages.request(3, 0, "m"));
            assertThat(KmipTestMessages.resultReason(v3)).contains("Unsupported Protocol Version");
            assertThat(KmipTestMessages.batchItem(v3).child(KmipTestMessages.OPERATION))
                    .isEmpty();
            var v15 = s.raw().roundTrip(KmipTestMessages.request(1, 5, "m"));
            assertThat(KmipTestMessages.resultReason(v15)).contains("Invalid Message");
            assertThat(KmipTestMessages.protocolVersion(v15)).isEqualTo("1.4");
        }
    }

    @Test
    void aRequestWithoutAProtocolVersionIsAnsweredInTheFallbackVersion() throws Exception {
        Ttlv.Structure noVersion = Ttlv.structure(
                KmipTestMessages.REQUEST_MESSAGE,
                Ttlv.structure(KmipTestMessages.REQUEST_HEADER, Ttlv.integer(KmipTestMessages.BATCH_COUNT, 1)),
                KmipTestMessages.batchItem(KmipTestMessages.request("m")));
        try (var s = server.session(server.owner)) {
            var r = s.raw().roundTrip(noVersion);
            assertThat(KmipTestMessages.resultReason(r)).contains("Invalid Message");
            assertThat(KmipTestMessages.resultMessage(r)).contains("no readable Protocol Version");
            assertThat(KmipTestMessages.batchItem(r).child(KmipTestMessages.OPERATION))
                    .isEmpty();
            assertThat(KmipTestMessages.protocolVersion(r))
                    .isEqualTo(FailureResponses.FALLBACK_VERSION.toString())
                    .isEqualTo("1.0");
        }
    }

    @Test
    void queryListsTheSevSnpAttestationType() {
        try (var s = server.session(server.owner)) {
            var q = s.call(
                            KmipVersion.V2_1,
                            Operation.QUERY,
                            new Query.Request(List.of(
                                    EnumCode.of(QueryFunction.QUERY_ATTESTATION_TYPES),
                                    EnumCode.of(QueryFunction.QUERY_OPERATIONS))))
                    .payload(Query.Response.class)
                    .orElseThrow();
            assertThat(q.attestationTypes()).extracting(EnumCode::value).containsExactly(0x80000001);
            assertThat(q.operations()).contains(EnumCode.of(Operation.SET_ATTRIBUTE), EnumCode.of(Operation.GET));
        }
    }

    @Test
    void datesDriveTransitionsAtReadTime() {
        try (var s = server.session(server.owner)) {
            long now = Instant.now().getEpochSecond();
            String uid = s.call(
                            V,
                            Operation.CREATE,
                            Requests.aes(
                                    256,
                                    activeSince(Instant.now().plus(Duration.ofDays(1))),
                                    AttributeFactory.date("Deactivation Date", now + 3 * 86_400)))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(state(s, V, uid)).isEqualTo(State.PRE_ACTIVE);
            server.clock.advance(Duration.ofDays(2));
            assertThat(state(s, V, uid)).isEqualTo(State.ACTIVE);
            server.clock.advance(Duration.ofDays(2));
            assertThat(state(s, V, uid)).isEqualTo(State.DEACTIVATED);
        }
    }

    @Test
    void keyCompromiseMakesCompromisedAndDestroyKeepsMetadataButNotMaterial() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(
                            V,
                            Operation.CREATE,
                            Requests.aes(256, activeSince(Instant.now().minusSeconds(60))))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            ResponseBatchItem destroyActive =
                    s.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)));
            assertThat(destroyActive.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(s.call(KmipVersion.V2_1, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));

            s.call(
                    V,
                    Operation.REVOKE,
                    new Revoke.Request(
                            UniqueIdentifier.of(uid), RevocationReason.of(RevocationReasonCode.KEY_COMPROMISE), null));
            assertThat(state(s, V, uid)).isEqualTo(State.COMPROMISED);
            var attrs = s.call(
                            V,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("Compromise Date")))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes();
            assertThat(attrs.item("Compromise Date", Ttlv.DateTime.class)).isPresent();

            assertThat(s.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            assertThat(state(s, V, uid)).isEqualTo(State.DESTROYED_COMPROMISED);
            assertThat(s.call(V, Operation.GET, Get.Request.of(uid)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.KEY_VALUE_NOT_PRESENT));
            assertThat(s.call(KmipVersion.V2_1, Operation.GET, Get.Request.of(uid))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_DESTROYED));
        }
    }
}
