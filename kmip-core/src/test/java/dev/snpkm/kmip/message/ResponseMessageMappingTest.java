package dev.snpkm.kmip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.RoundTrip;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseMessageMappingTest {
    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.4", "2.0", "2.1"})
    void attestationRequiredAnswerCarriesNonceAndTypesInTheHeader(String version) throws Exception {
        KmipVersion v = KmipVersion.parse(version);
        ResponseHeader header = new ResponseHeader(
                v,
                1_700_000_000L,
                new Nonce(Bytes.ofHex("0A0B"), Bytes.of(new byte[32])),
                v.isTwoOrLater() ? Bytes.ofHex("AB") : null,
                List.of(EnumCode.of(AttestationType.SEV_SNP_REPORT)),
                v.isAtLeast(KmipVersion.V1_4) ? "c" : null,
                v.isAtLeast(KmipVersion.V1_4) ? "s" : null,
                1);
        ResponseMessage m = new ResponseMessage(
                header,
                List.of(ResponseBatchItem.failure(
                        EnumCode.of(Operation.GET),
                        Bytes.ofHex("01"),
                        ResultReason.ATTESTATION_REQUIRED,
                        "attestation required for this key")));
        ResponseMessage back = RoundTrip.response(m);
        assertThat(back).isEqualTo(m);
        assertThat(back.header().nonce().id()).isEqualTo(Bytes.ofHex("0A0B"));
        assertThat(back.batchItems().get(0).resultReason().is(ResultReason.ATTESTATION_REQUIRED))
                .isTrue();
    }

    @Test
    void withAttestationChallengeSetsNonceAndAcceptedTypes() {
        Nonce n = new Nonce(Bytes.ofHex("01"), Bytes.ofHex("02"));
        ResponseHeader h = ResponseHeader.of(KmipVersion.V2_1, 5L, 1)
                .withAttestationChallenge(n, List.of(EnumCode.of(AttestationType.SEV_SNP_REPORT)));
        assertThat(h.nonce()).isEqualTo(n);
        assertThat(h.attestationTypes()).containsExactly(EnumCode.of(AttestationType.SEV_SNP_REPORT));
    }

    @Test
    void unparsableMessageAnswerHasNoOperation() throws Exception {
        ResponseMessage m = new ResponseMessage(
                ResponseHeader.of(KmipVersion.V1_4, 5L, 1),
                List.of(ResponseBatchItem.failure(null, null, ResultReason.INVALID_MESSAGE, "bad")));
        assertThat(RoundTrip.response(m)).isEqualTo(m);
    }

    @Test
    void pendingItemAndMessageExtensionRoundTrip() throws Exception {
        ResponseMessage m = new ResponseMessage(
                ResponseHeader.of(KmipVersion.V2_1, 5L, 2),
                List.of(
                        new ResponseBatchItem(
                                EnumCode.of(Operation.ACTIVATE),
                                Bytes.ofHex("01"),
                                EnumCode.of(ResultStatus.OPERATION_PENDING),
                                null,
                                null,
                                Bytes.ofHex("CAFE"),
                                null,
                                List.of(new MessageExtension("acme", true, Ttlv.structure(Tag.VENDOR_EXTENSION)))),
                        ResponseBatchItem.success(
                                EnumCode.of(Operation.ACTIVATE), Bytes.ofHex("02"), new Activate.Response("k"))));
        assertThat(RoundTrip.response(m)).isEqualTo(m);
    }

    @Test
    void missingResultStatusIsMissingData() {
        Ttlv tree = Ttlv.structure(
                Tag.RESPONSE_MESSAGE,
                Ttlv.structure(
                        Tag.RESPONSE_HEADER,
                        MalformedRequestTest.version(1, 4),
                        Ttlv.dateTime(Tag.TIME_STAMP, 1),
                        Ttlv.integer(Tag.BATCH_COUNT, 1)),
                Ttlv.structure(Tag.BATCH_ITEM, Ttlv.enumeration(Tag.OPERATION, 0x12)));
        assertThatThrownBy(() -> MessageMapper.responseFromTtlv(tree))
                .isInstanceOfSatisfying(
                        KmipMappingException.class, e -> assertThat(e.reason()).isEqualTo(ResultReason.MISSING_DATA))
                .hasMessageContaining("Result Status");
    }

    @Test
    void timeStampOfTheWrongTypeIsInvalidField() {
        Ttlv tree = Ttlv.structure(
                Tag.RESPONSE_MESSAGE,
                Ttlv.structure(
                        Tag.RESPONSE_HEADER,
                        MalformedRequestTest.version(1, 4),
                        Ttlv.integer(Tag.TIME_STAMP, 1),
                        Ttlv.integer(Tag.BATCH_COUNT, 0)));
        assertThatThrownBy(() -> MessageMapper.responseFromTtlv(tree))
                .isInstanceOfSatisfying(
                        KmipMappingException.class, e -> assertThat(e.reason()).isEqualTo(ResultReason.INVALID_FIELD))
                .hasMessageContaining("Time Stamp");
    }
}
