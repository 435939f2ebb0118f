package dev.snpkm.server.transport;

import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Between HTTP and the KMIP connection handler: a POSTed body becomes one TTLV request for
 * {@link KmipConnectionHandler} (the same rate limit, workers, engine, audit and metrics as TTLV over TLS), and each
 * TTLV answer goes back as an HTTP 200 in the encoding of the request it answers (KMIP Profiles 2.1 §5.3: 200 whenever
 * a KMIP response exists, KMIP failures included). A body that is no KMIP message is answered Invalid Message in its
 * own encoding. Answers come back in request order, so the requests awaiting one are a queue; a refused request
 * ({@link HttpRefusal}) takes its place in it, and its answer closes the connection.
 */
final class KmipHttpBridge extends ChannelDuplexHandler {
    /** What an awaited answer is to be: a KMIP response in this encoding, or a refusal. */
    private record Awaited(MessageEncoding encoding, boolean keepAlive) {}

    private final TtlvDecoder decoder;
    private final Deque<Object> awaiting = new ArrayDeque<>(); // Awaited or HttpRefusal, in request order

    KmipHttpBridge(TtlvDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRefusal refusal) {
            awaiting.add(refusal);
            if (awaiting.size() == 1) {
                answerRefusals(ctx);
            }
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            super.channelRead(ctx, msg);
            return;
        }
        MessageEncoding encoding;
        byte[] body;
        boolean keepAlive;
        try {
            encoding = MessageEncoding.ofContentType(request.headers().get(HttpHeaderNames.CONTENT_TYPE, ""))
                    .orElseThrow(() -> new IllegalStateException("the gate let an unknown Content-Type through"));
            body = ByteBufUtil.getBytes(request.content());
            keepAlive = HttpUtil.isKeepAlive(request);
            request.content().setZero(0, request.content().capacity()); // a Register's key material
        } finally {
            request.release();
        }
        awaiting.add(new Awaited(encoding, keepAlive));
        Object kmipRequest;
        if (encoding == MessageEncoding.TTLV) {
            try {
                kmipRequest = encoding.requestToTtlv(body); // a length check, no parsing
            } catch (KmipTextException e) {
                kmipRequest = new UndecodableRequest(
                        "the " + encoding.mediaType() + " body is no KMIP message: " + e.getMessage());
            }
        } else {
            kmipRequest = new TextRequest(encoding, body); // parsed by a worker
        }
        ctx.fireChannelRead(kmipRequest);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean answer = msg instanceof ByteBuf || msg instanceof TextResponse;
        if (!answer || !(awaiting.peek() instanceof Awaited awaited)) {
            super.write(ctx, msg, promise); // the HTTP codec's own writes (100 Continue) and refusals pass
            return;
        }
        awaiting.poll();
        FullHttpResponse response;
        if (msg instanceof TextResponse rendered) {
            response = response(rendered, awaited.encoding());
        } else {
            ByteBuf ttlv = (ByteBuf) msg;
            try {
                response = response(ttlv, awaited.encoding());
            } finally {
                ttlv.release(); // its array is zeroed by the connection handler once the promise completes
            }
        }
        HttpUtil.setKeepAlive(response, awaited.keepAlive());
        if (awaited.encoding() != MessageEncoding.TTLV && response.content().hasArray()) {
            byte[] sent = response.content().array(); // a Get's key material, as hex text
            promise.addListener(written -> Arrays.fill(sent, (byte) 0));
        }
        ctx.write(response, promise);
        if (!awaited.keepAlive()) {
            promise.addListener(ChannelFutureListener.CLOSE);
        }
        answerRefusals(ctx);
    }

    /**
     * A TTLV answer: a TTLV request's, or a refusal the connection handler answered on the event loop (busy, rate
     * limited: small), rendered here in the request's encoding. Answers of requests that ran come as
     * {@link TextResponse}, rendered by their worker.
     */
    private FullHttpResponse response(ByteBuf ttlv, MessageEncoding encoding) {
        if (encoding == MessageEncoding.TTLV) {
            return kmipResponse(ttlv.retain(), encoding);
        }
        return response(TextResponse.render(encoding, ByteBufUtil.getBytes(ttlv), decoder), encoding);
    }

    private static FullHttpResponse response(TextResponse rendered, MessageEncoding encoding) {
        String notEncodable = rendered.notEncodable();
        return notEncodable != null
                ? plain(HttpResponseStatus.INTERNAL_SERVER_ERROR, notEncodable)
                : kmipResponse(Unpooled.wrappedBuffer(rendered.body()), encoding);
    }

    private static FullHttpResponse kmipResponse(ByteBuf body, MessageEncoding encoding) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, encoding.mediaType())
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return response;
    }

    /** Writes the refusals now at the head of the queue; the first closes the connection. */
    private void answerRefusals(ChannelHandlerContext ctx) {
        if (awaiting.peek() instanceof HttpRefusal refusal) {
            awaiting.clear();
            FullHttpResponse response = plain(refusal.status(), refusal.reason());
            if (refusal.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
                response.headers().set(HttpHeaderNames.ALLOW, "POST");
            }
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String reason) {
        ByteBuf body = Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return response;
    }
}
