package dev.snpkm.server.transport;

import static dev.snpkm.server.testing.KmipTestMessages.protocolVersion;
import static dev.snpkm.server.testing.KmipTestMessages.request;
import static dev.snpkm.server.testing.KmipTestMessages.resultMessage;
import static dev.snpkm.server.testing.KmipTestMessages.resultReason;
import static dev.snpkm.server.testing.KmipTestMessages.resultStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.testing.KmipTestMessages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
    private final ErrorResponses errors =
            new ErrorResponses(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));

    @Test
    void invalidMessageEchoesTheRequestVersionAndNamesTheProblem() {
        Ttlv.Structure r = errors.invalidMessage(TtlvEncoder.encode(request(1, 2, "x")), "bad padding");

        assertThat(protocolVersion(r)).isEqualTo("1.2");
        assertThat(resultStatus(r)).isEqualTo("Operation Failed");
        assertThat(resultReason(r)).contains("Invalid Message");
        assertThat(resultMessage(r)).isEqualTo("bad padding");
    }

    @Test
    void unreadableOrUnsupportedVersionFallsBackTo10() {
        assertThat(protocolVersion(errors.invalidMessage(new byte[16], "junk"))).isEqualTo("1.0");
        assertThat(protocolVersion(errors.serverBusy(TtlvEncoder.encode(request(9, 9, "x")))))
                .isEqualTo("1.0");
    }

    @Test
    void rateLimitIsServerLimitExceededIn2xAndGeneralFailureIn1x() {
        Ttlv.Structure v21 = errors.rateLimited(TtlvEncoder.encode(request(2, 1, "x")), "10 requests/s");
        Ttlv.Structure v12 = errors.rateLimited(TtlvEncoder.encode(request(1, 2, "x")), "10 requests/s");
        Ttlv.Structure unknown = errors.rateLimited(new byte[16], "10 requests/s");

        assertThat(resultReason(v21)).contains("Server Limit Exceeded");
        assertThat(protocolVersion(v12)).isEqualTo("1.2");
        assertThat(resultReason(v12)).contains("General Failure");
        assertThat(resultReason(unknown)).contains("General Failure");
        assertThat(resultMessage(v12)).isEqualTo("rate limit exceeded: 10 requests/s; slow down and retry");
    }

    @Test
    void responseHasTheSpecifiedShapeAndEncodesToValidTtlv() throws Exception {
        Ttlv.Structure r = errors.serverBusy(TtlvEncoder.encode(request(2, 1, "x")));
        Ttlv.Structure header =
                (Ttlv.Structure) r.child(KmipTestMessages.RESPONSE_HEADER).orElseThrow();

        assertThat(r.tag()).isEqualTo(KmipTestMessages.RESPONSE_MESSAGE);
        assertThat(header.children())
                .extracting(Ttlv::tag)
                .containsExactly(
                        KmipTestMessages.PROTOCOL_VERSION, KmipTestMessages.TIME_STAMP, KmipTestMessages.BATCH_COUNT);
        assertThat(header.child(KmipTestMessages.TIME_STAMP))
                .contains(Ttlv.dateTime(KmipTestMessages.TIME_STAMP, 1_700_000_000L));
        assertThat(header.child(KmipTestMessages.BATCH_COUNT)).contains(Ttlv.integer(KmipTestMessages.BATCH_COUNT, 1));
        assertThat(KmipTestMessages.batchItem(r).child(KmipTestMessages.OPERATION))
                .isEmpty();
        assertThat(resultReason(r)).contains("Server Limit Exceeded");
        assertThat(resultReason(errors.serverBusy(TtlvEncoder.encode(request(1, 4, "x")))))
                .as("1.x has no Server Limit Exceeded")
                .contains("General Failure");
        assertThat(new TtlvDecoder().decode(TtlvEncoder.encode(r))).isEqualTo(r);
    }
}
