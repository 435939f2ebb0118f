package dev.snpkm.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP form of the TTLV frame timeout: a request, headers and body, must arrive whole within the frame timeout
 * from its first byte, or it is answered 408 and the connection closed (slowloris). It sits before the HTTP decoder to
 * see the first byte; {@link HttpRequestGate} tells it when a request is complete. As with TTLV, the clock does not
 * run out while the server itself has stopped reading the connection.
 */
final class HttpRequestDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestDeadline.class);

    private final long timeoutNanos;
    private final TransportCounters counters;
    private @Nullable ScheduledFuture<?> deadline;
    private boolean expired;

    HttpRequestDeadline(Duration timeout, TransportCounters counters) {
        this.timeoutNanos = timeout.toNanos();
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (expired) {
            ((ByteBuf) msg).release();
            return;
        }
        if (deadline == null && msg instanceof ByteBuf b && b.isReadable()) {
            deadline = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
        super.channelRead(ctx, msg);
    }

    /** The request read so far is complete; the next one's clock starts with its own first byte. */
    void requestComplete() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            deadline = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
            return;
        }
        expired = true;
        counters.frameTimeouts.increment();
        long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        LOG.info(
                "event=frame_timeout remote={} timeout_ms={} action=\"408, connection closed\"",
                ctx.channel().remoteAddress(),
                millis);
        byte[] body = ("request not received whole within " + millis + " ms\n").getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        requestComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        requestComplete();
        super.channelInactive(ctx);
    }
}
