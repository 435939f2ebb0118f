package dev.snpkm.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.ttlv.TtlvDecoder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The bridge runs on the event loop, so it must not parse or render JSON and XML there (a megabyte of either takes
 * tens of milliseconds, during which none of the loop's other connections is served): bodies go on as they came, for a
 * worker to convert, and rendered answers come back ready to send. End to end: KmipServerHttpsTest.
 */
class KmipHttpBridgeTest {
    private static final byte[] JSON = "{\"tag\":\"RequestMessage\",\"value\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aJsonBodyIsPassedOnUnparsedAndItsRenderedAnswerIsSentAsItIs() {
        EmbeddedChannel channel = new EmbeddedChannel(new KmipHttpBridge(new TtlvDecoder()));
        channel.writeInbound(post("application/json", JSON));

        Object fired = channel.readInbound();
        assertThat(fired).isInstanceOfSatisfying(TextRequest.class, t -> {
            assertThat(t.encoding()).isEqualTo(MessageEncoding.JSON);
            assertThat(t.body()).isEqualTo(JSON);
        });

        byte[] rendered = "{\"tag\":\"ResponseMessage\"}".getBytes(StandardCharsets.UTF_8);
        channel.writeOutbound(new TextResponse(rendered.clone(), null));
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(rendered.length);
        // Sent as it is, and zeroed once written (a Get's key material, as hex text).
        assertThat(ByteBufUtil.getBytes(response.content()))
                .hasSize(rendered.length)
                .containsOnly(0);
        response.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void anAnswerThatCouldNotBeRenderedIs500WithTheReason() {
        EmbeddedChannel channel = new EmbeddedChannel(new KmipHttpBridge(new TtlvDecoder()));
        channel.writeInbound(post("text/xml", "<RequestMessage/>".getBytes(StandardCharsets.UTF_8)));
        Object fired = channel.readInbound();
        assertThat(fired).isInstanceOf(TextRequest.class);

        channel.writeOutbound(new TextResponse(new byte[0], "the response cannot be sent as text/xml: U+0001"));
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/plain");
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                .isEqualTo("the response cannot be sent as text/xml: U+0001\n".length());
        response.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void aTtlvBodyIsPassedOnAsItsFrame() {
        byte[] ttlv = {0x42, 0x00, 0x78, 0x01, 0, 0, 0, 0};
        EmbeddedChannel channel = new EmbeddedChannel(new KmipHttpBridge(new TtlvDecoder()));
        channel.writeInbound(post("application/octet-stream", ttlv));
        Object fired = channel.readInbound();
        assertThat(fired)
                .isInstanceOfSatisfying(byte[].class, b -> assertThat(b).isEqualTo(ttlv));
        channel.finishAndReleaseAll();
    }

    private static FullHttpRequest post(String contentType, byte[] body) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, "/kmip", Unpooled.wrappedBuffer(body.clone()));
        request.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return request;
    }
}
