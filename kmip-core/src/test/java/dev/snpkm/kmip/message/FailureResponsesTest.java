package dev.snpkm.kmip.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureResponsesTest {
    private static final long NOW = 1_700_000_000L;
    private final FailureResponses failures =
            new FailureResponses(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void wholeMessageFailureIsOneItemWithoutOperationInTheRequestVersion() throws Exception {
        ResponseMessage r = MessageMapper.responseFromTtlv(
                failures.wholeMessage(Optional.of(KmipVersion.V1_2), ResultReason.INVALID_MESSAGE, "bad header"));

        assertThat(r.header()).isEqualTo(ResponseHeader.of(KmipVersion.V1_2, NOW, 1));
        assertThat(r.batchItems())
                .containsExactly(ResponseBatchItem.failure(null, null, ResultReason.INVALID_MESSAGE, "bad header"));
    }

    @Test
    void anUnknownOrUnsupportedVersionIsAnsweredIn10() throws Exception {
        assertThat(FailureResponses.FALLBACK_VERSION).isEqualTo(KmipVersion.V1_0);
        for (Optional<KmipVersion> v : List.of(
                Optional.<KmipVersion>empty(),
                Optional.of(new KmipVersion(1, 7)),
                Optional.of(new KmipVersion(3, 0)))) {
            ResponseMessage r =
                    MessageMapper.responseFromTtlv(failures.wholeMessage(v, ResultReason.GENERAL_FAILURE, "busy"));
            assertThat(r.header().protocolVersion()).as("answer to %s", v).isEqualTo(KmipVersion.V1_0);
            assertThat(r.batchItems().get(0).resultStatus()).isEqualTo(EnumCode.of(ResultStatus.OPERATION_FAILED));
        }
    }

    @Test
    void everyItemFailsAloneEchoingItsOperationAndId() throws Exception {
        RequestMessage request = RequestMessage.of(
                RequestHeader.builder(KmipVersion.V2_1).build(),
                List.of(
                        RequestBatchItem.of(Operation.GET, Get.Request.of("k1")).withId(Bytes.ofHex("01")),
                        RequestBatchItem.of(Operation.ACTIVATE, new Activate.Request(UniqueIdentifier.of("k2")))
                                .withId(Bytes.ofHex("02"))));

        Ttlv.Structure fromModel = failures.everyItem(request, ResultReason.PERMISSION_DENIED, "revoked");
        Ttlv.Structure fromTree = failures.everyItem(
                (Ttlv.Structure) MessageMapper.toTtlv(request), ResultReason.PERMISSION_DENIED, "revoked");

        ResponseMessage r = MessageMapper.responseFromTtlv(fromModel);
        assertThat(r.header()).isEqualTo(ResponseHeader.of(KmipVersion.V2_1, NOW, 2));
        assertThat(r.batchItems())
                .containsExactly(
                        ResponseBatchItem.failure(
                                EnumCode.of(Operation.GET),
                                Bytes.ofHex("01"),
                                ResultReason.PERMISSION_DENIED,
                                "revoked"),
                        ResponseBatchItem.failure(
                                EnumCode.of(Operation.ACTIVATE),
                                Bytes.ofHex("02"),
                                ResultReason.PERMISSION_DENIED,
                                "revoked"));
        assertThat(fromTree).isEqualTo(fromModel);
    }

    @Test
    void aTreeThatDoesNotMapFailsWholeInTheVersionItsHeaderNames() throws Exception {
        Ttlv.Structure v12 = Ttlv.structure(
                Tag.REQUEST_MESSAGE,
                Ttlv.structure(
                        Tag.REQUEST_HEADER,
                        Ttlv.structure(
                                Tag.PROTOCOL_VERSION,
                                Ttlv.integer(Tag.PROTOCOL_VERSION_MAJOR, 1),
                                Ttlv.integer(Tag.PROTOCOL_VERSION_MINOR, 2))));
        Ttlv.Structure noHeader = Ttlv.structure(Tag.REQUEST_MESSAGE);

        ResponseMessage r =
                MessageMapper.responseFromTtlv(failures.everyItem(v12, ResultReason.PERMISSION_DENIED, "revoked"));
        assertThat(r.header().protocolVersion()).isEqualTo(KmipVersion.V1_2);
        assertThat(r.batchItems())
                .containsExactly(ResponseBatchItem.failure(null, null, ResultReason.PERMISSION_DENIED, "revoked"));
        assertThat(MessageMapper.responseFromTtlv(
                                failures.everyItem(noHeader, ResultReason.PERMISSION_DENIED, "revoked"))
                        .header()
                        .protocolVersion())
                .isEqualTo(FailureResponses.FALLBACK_VERSION);
    }

    @Test
    void versionOfReadsTheHeaderEvenWhenTheVersionIsNotSupported() {
        Ttlv.Structure v37 = Ttlv.structure(
                Tag.REQUEST_MESSAGE,
                Ttlv.structure(
                        Tag.REQUEST_HEADER,
                        Ttlv.structure(
                                Tag.PROTOCOL_VERSION,
                                Ttlv.integer(Tag.PROTOCOL_VERSION_MAJOR, 3),
                                Ttlv.integer(Tag.PROTOCOL_VERSION_MINOR, 7))));
        Ttlv.Structure textMajor = Ttlv.structure(
                Tag.REQUEST_MESSAGE,
                Ttlv.structure(
                        Tag.REQUEST_HEADER,
                        Ttlv.structure(
                                Tag.PROTOCOL_VERSION,
                                Ttlv.text(Tag.PROTOCOL_VERSION_MAJOR, "1"),
                                Ttlv.integer(Tag.PROTOCOL_VERSION_MINOR, 4))));

        assertThat(FailureResponses.versionOf(v37)).contains(new KmipVersion(3, 7));
        assertThat(FailureResponses.versionOf(textMajor)).isEmpty();
        assertThat(FailureResponses.versionOf(Ttlv.structure(Tag.REQUEST_MESSAGE)))
                .isEmpty();
    }

    @Test
    void theOneListOfVersionsIsNewestFirstAndCoversEveryVersionKmipCoreSpeaks() {
        assertThat(KmipVersion.SUPPORTED)
                .containsExactly(
                        KmipVersion.V2_1,
                        KmipVersion.V2_0,
                        KmipVersion.V1_4,
                        KmipVersion.V1_3,
                        KmipVersion.V1_2,
                        KmipVersion.V1_1,
                        KmipVersion.V1_0);
        assertThat(new KmipVersion(1, 5).isSupported()).isFalse();
        assertThat(KmipVersion.V1_0.isSupported()).isTrue();
    }
}
