package dev.snpkm.kmip.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.RoundTrip;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseHeader;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every typed payload survives typed → TTLV → bytes → TTLV → typed, in 1.x and 2.x form. */
class PayloadRoundTripTest {
    static Stream<Arguments> samples() {
        return Stream.of(KmipVersion.V1_2, KmipVersion.V1_4, KmipVersion.V2_0, KmipVersion.V2_1)
                .flatMap(v -> PayloadSamples.all(v).stream().map(s -> Arguments.of(v, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void requestPayloadRoundTrips(KmipVersion v, PayloadSamples.Sample s) throws Exception {
        RequestMessage m = RequestMessage.of(
                RequestHeader.builder(v).build(),
                List.of(RequestBatchItem.of(s.operation(), s.request()).withId(Bytes.ofHex("01"))));
        assertThat(RoundTrip.request(m)).isEqualTo(m);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void responsePayloadRoundTrips(KmipVersion v, PayloadSamples.Sample s) throws Exception {
        ResponseMessage m = new ResponseMessage(
                ResponseHeader.of(v, 1_700_000_000L, 1),
                List.of(ResponseBatchItem.success(EnumCode.of(s.operation()), Bytes.ofHex("01"), s.response())));
        assertThat(RoundTrip.response(m)).isEqualTo(m);
    }

    @Test
    void everyTypedOperationHasASample() {
        assertThat(PayloadSamples.all(KmipVersion.V2_1).stream()
                        .map(PayloadSamples.Sample::operation)
                        .distinct())
                .hasSize(30);
    }
}
