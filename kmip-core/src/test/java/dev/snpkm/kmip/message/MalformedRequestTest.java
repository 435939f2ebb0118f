package dev.snpkm.kmip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.payload.MalformedPayload;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MalformedRequestTest {
    static Ttlv version(int major, int minor) {
        return Ttlv.structure(
                Tag.PROTOCOL_VERSION,
                Ttlv.integer(Tag.PROTOCOL_VERSION_MAJOR, major),
                Ttlv.integer(Tag.PROTOCOL_VERSION_MINOR, minor));
    }

    static Ttlv.Structure header(Ttlv... extra) {
        List<Ttlv> f = new ArrayList<>(List.of(version(1, 4)));
        f.addAll(List.of(extra));
        return Ttlv.structure(Tag.REQUEST_HEADER, f);
    }

    static Ttlv message(Ttlv header, Ttlv... items) {
        List<Ttlv> f = new ArrayList<>(List.of(header));
        f.addAll(List.of(items));
        return Ttlv.structure(Tag.REQUEST_MESSAGE, f);
    }

    static Ttlv item(int operation, Ttlv... payload) {
        return Ttlv.structure(
                Tag.BATCH_ITEM,
                Ttlv.enumeration(Tag.OPERATION, operation),
                Ttlv.structure(Tag.REQUEST_PAYLOAD, payload));
    }

    static final Ttlv COUNT_1 = Ttlv.integer(Tag.BATCH_COUNT, 1);

    static void assertFails(Ttlv tree, ResultReason reason, String fieldName) {
        assertThatThrownBy(() -> MessageMapper.requestFromTtlv(tree))
                .isInstanceOf(KmipMappingException.class)
                .satisfies(e -> assertThat(((KmipMappingException) e).reason()).isEqualTo(reason))
                .hasMessageContaining(fieldName);
    }

    @Test
    void missingBatchCountIsMissingData() {
        assertFails(message(header(), item(0x0A)), ResultReason.MISSING_DATA, "Batch Count");
    }

    @Test
    void missingProtocolVersionIsMissingData() {
        assertFails(
                message(Ttlv.structure(Tag.REQUEST_HEADER, COUNT_1), item(0x0A)),
                ResultReason.MISSING_DATA,
                "Protocol Version");
    }

    @Test
    void wrongItemTypeIsInvalidField() {
        assertFails(
                message(header(Ttlv.text(Tag.BATCH_COUNT, "1")), item(0x0A)),
                ResultReason.INVALID_FIELD,
                "Batch Count");
        assertFails(
                message(header(COUNT_1), item(0x0A, Ttlv.bool(Tag.UNIQUE_IDENTIFIER, true))),
                ResultReason.INVALID_FIELD,
                "Unique Identifier");
    }

    @Test
    void structureFieldGivenAsPrimitiveIsInvalidField() {
        assertFails(
                message(header(COUNT_1), item(0x13, Ttlv.text(Tag.REVOCATION_REASON, "x"))),
                ResultReason.INVALID_FIELD,
                "Revocation Reason");
    }

    @Test
    void missingMandatoryPayloadFieldIsMissingData() {
        assertFails(message(header(COUNT_1), item(0x13)), ResultReason.MISSING_DATA, "Revocation Reason");
        assertFails(message(header(COUNT_1), item(0x01)), ResultReason.MISSING_DATA, "Object Type");
    }

    @Test
    void registerWithoutItsObjectIsMissingDataNamingTheObject() {
        assertFails(
                message(
                        header(COUNT_1),
                        item(0x03, Ttlv.enumeration(Tag.OBJECT_TYPE, 0x02), Ttlv.structure(Tag.TEMPLATE_ATTRIBUTE))),
                ResultReason.MISSING_DATA,
                "Symmetric Key");
    }

    @Test
    void extensionObjectTypeIsFeatureNotSupported() {
        assertFails(
                message(
                        header(COUNT_1),
                        item(
                                0x03,
                                Ttlv.enumeration(Tag.OBJECT_TYPE, 0x80000001),
                                Ttlv.structure(Tag.TEMPLATE_ATTRIBUTE))),
                ResultReason.FEATURE_NOT_SUPPORTED,
                "Object Type");
    }

    @Test
    void aFieldTheOperationDoesNotHaveIsInvalidField() {
        assertFails(
                message(
                        header(COUNT_1),
                        item(0x12, Ttlv.text(Tag.UNIQUE_IDENTIFIER, "k"), Ttlv.text(0x540001, "vendor"))),
                ResultReason.INVALID_FIELD,
                "0x540001");
        // 2.x forms in a 1.4 message are not 1.4 fields
        assertFails(
                message(
                        header(COUNT_1),
                        item(0x01, Ttlv.enumeration(Tag.OBJECT_TYPE, 2), Ttlv.structure(Tag.ATTRIBUTES))),
                ResultReason.INVALID_FIELD,
                "Attributes");
    }

    @Test
    void unknownOperationIsOperationNotSupported() {
        assertFails(message(header(COUNT_1), item(0xFF)), ResultReason.OPERATION_NOT_SUPPORTED, "Operation");
    }

    @Test
    void duplicateSingleFieldIsInvalidMessage() {
        assertFails(message(header(COUNT_1, COUNT_1), item(0x0A)), ResultReason.INVALID_MESSAGE, "Batch Count");
    }

    @Test
    void batchCountMustMatchTheItems() {
        assertFails(
                message(header(Ttlv.integer(Tag.BATCH_COUNT, 2)), item(0x0A)),
                ResultReason.INVALID_MESSAGE,
                "Batch Count");
    }

    @Test
    void topLevelMustBeARequestMessage() {
        assertFails(Ttlv.text(Tag.REQUEST_MESSAGE, "x"), ResultReason.INVALID_MESSAGE, "Request Message");
        assertFails(Ttlv.structure(Tag.RESPONSE_MESSAGE), ResultReason.INVALID_MESSAGE, "Request Message");
    }

    @Test
    void missingPayloadIsMissingData() {
        assertFails(
                message(header(COUNT_1), Ttlv.structure(Tag.BATCH_ITEM, Ttlv.enumeration(Tag.OPERATION, 0x0A))),
                ResultReason.MISSING_DATA,
                "Request Payload");
    }

    @Test
    void leniently_aBadPayloadFailsOnlyItsBatchItem() throws Exception {
        Ttlv tree = message(header(Ttlv.integer(Tag.BATCH_COUNT, 3)), item(0x13), item(0x0A), item(0xFF));
        RequestMessage m = MessageMapper.requestFromTtlvLenient(tree);
        assertThat(m.batchItems().get(0).payload())
                .isInstanceOfSatisfying(
                        MalformedPayload.class, p -> assertThat(p.reason()).isEqualTo(ResultReason.MISSING_DATA));
        assertThat(m.batchItems().get(1).operation().is(Operation.GET)).isTrue();
        assertThat(m.batchItems().get(2).payload()).isInstanceOf(RawPayload.class);
        assertThatThrownBy(m::requireWellFormed).isInstanceOf(KmipMappingException.class);
    }
}
