package dev.snpkm.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Checks each HTTP request's head before its body is gathered (KMIP Profiles 2.1 §5.3: POST to the KMIP path, a
 * Content-Length, one of the three Content-Types) and refuses the rest with the HTTP status that says why: 400
 * malformed, 404 another path, 405 another method, 411 no Content-Length (chunked bodies are not taken), 413 a body
 * over the message limit (the TTLV limit), 414/431 an over-long request line or headers, 415 another Content-Type.
 * A refused request and whatever follows it on the connection are discarded: {@link KmipHttpBridge} answers the
 * refusal in its turn and closes the connection.
 */
final class HttpRequestGate extends ChannelInboundHandlerAdapter {
    private static final String TYPES = "application/octet-stream (TTLV), application/json or text/xml";

    private final HttpsSettings settings;
    private final int maxBodyBytes;
    private final HttpRequestDeadline deadline;
    private final TransportCounters counters;
    private boolean discarding;

    HttpRequestGate(
            HttpsSettings settings, int maxBodyBytes, HttpRequestDeadline deadline, TransportCounters counters) {
        this.settings = settings;
        this.maxBodyBytes = maxBodyBytes;
        this.deadline = deadline;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Optional<HttpRefusal> refusal = Optional.empty();
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            refusal = Optional.of(malformed(o.decoderResult()));
        } else if (msg instanceof HttpRequest request) {
            refusal = refusal(request);
        }
        if (refusal.isPresent()) {
            discarding = true;
            counters.httpRefusals.increment();
            deadline.requestComplete();
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(refusal.get());
            return;
        }
        if (msg instanceof LastHttpContent) {
            deadline.requestComplete();
        }
        ctx.fireChannelRead(msg);
    }

    private HttpRefusal malformed(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpHeaderException) {
            return new HttpRefusal(
                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "request headers exceed " + settings.maxHeaderBytes() + " bytes");
        }
        if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
            return new HttpRefusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        return new HttpRefusal(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + oneLine(cause));
    }

    private Optional<HttpRefusal> refusal(HttpRequest request) {
        String path = request.uri();
        int query = path.indexOf('?');
        if (!(query < 0 ? path : path.substring(0, query)).equals(settings.path())) {
            return Optional.of(new HttpRefusal(
                    HttpResponseStatus.NOT_FOUND, "not found: KMIP is served at POST " + settings.path()));
        }
        if (!HttpMethod.POST.equals(request.method())) {
            return Optional.of(new HttpRefusal(
                    HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: KMIP requests are POSTed"));
        }
        if (HttpUtil.isTransferEncodingChunked(request) || !HttpUtil.isContentLengthSet(request)) {
            return Optional.of(new HttpRefusal(
                    HttpResponseStatus.LENGTH_REQUIRED, "a Content-Length is required (chunked bodies are not taken)"));
        }
        long length = HttpUtil.getContentLength(request, -1L);
        if (length > maxBodyBytes) {
            return Optional.of(new HttpRefusal(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "a body of " + length + " bytes exceeds the limit of " + maxBodyBytes));
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || MessageEncoding.ofContentType(type).isEmpty()) {
            return Optional.of(new HttpRefusal(
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type must be " + TYPES + (type == null ? "; none was given" : "")));
        }
        return Optional.empty();
    }

    private static String oneLine(Throwable cause) {
        String message = cause == null || cause.getMessage() == null ? "unreadable" : cause.getMessage();
        String line = message.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E]", "?");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
