package dev.snpkm.server.transport;

import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the decrypted byte stream into whole TTLV messages (KMIP 2.1 §10.1: no extra framing; 8-byte header, then
 * Length bytes) and emits each as a {@code byte[]}.
 *
 * <p>A header that is not a Structure, or that announces more than the size limit, means the stream can no longer be
 * cut into messages: there is no way to find the next one, so the connection is closed without an answer.
 *
 * <p>A message must arrive whole within the frame timeout from its first byte. Without that, any byte resets the
 * idle timer and a peer sending one byte a minute holds a partial frame, and its buffer, forever. The clock does not
 * run out while the server itself has stopped reading the connection (backpressure): then the wait is ours.
 */
final class TtlvFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(TtlvFrameDecoder.class);
    private static final int HEADER = 8;

    private final int maxMessageBytes;
    private final TransportCounters counters;
    private final long frameTimeoutNanos;
    private boolean framingLost;
    private @Nullable ScheduledFuture<?> frameDeadline;

    TtlvFrameDecoder(int maxMessageBytes, Duration frameTimeout, TransportCounters counters) {
        this.maxMessageBytes = maxMessageBytes;
        this.frameTimeoutNanos = frameTimeout.toNanos();
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (!framingLost && actualReadableBytes() > 0 && frameDeadline == null) {
            frameDeadline = ctx.executor().schedule(() -> frameExpired(ctx), frameTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void frameExpired(ChannelHandlerContext ctx) {
        frameDeadline = null;
        if (!ctx.channel().isActive() || actualReadableBytes() == 0) {
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // The server paused reading; the peer cannot finish the frame until it resumes.
            frameDeadline = ctx.executor().schedule(() -> frameExpired(ctx), frameTimeoutNanos, TimeUnit.NANOSECONDS);
            return;
        }
        counters.frameTimeouts.increment();
        LOG.info(
                "event=frame_timeout remote={} timeout_ms={} action=\"connection closed\"",
                ctx.channel().remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(frameTimeoutNanos));
        ctx.close();
    }

    private void cancelDeadline() {
        if (frameDeadline != null) {
            frameDeadline.cancel(false);
            frameDeadline = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (framingLost) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < HEADER) {
            return;
        }
        byte[] header = new byte[HEADER];
        in.getBytes(in.readerIndex(), header);
        long length;
        try {
            length = TtlvDecoder.frameLength(header);
        } catch (TtlvException e) {
            loseFraming(ctx, in, e.getMessage());
            return;
        }
        if (length > maxMessageBytes) {
            loseFraming(ctx, in, "message of " + length + " bytes exceeds the limit of " + maxMessageBytes);
            return;
        }
        if (in.readableBytes() < length) {
            return;
        }
        byte[] frame = new byte[(int) length];
        in.readBytes(frame);
        cancelDeadline(); // the next frame's clock starts with its own first byte
        out.add(frame);
    }

    private void loseFraming(ChannelHandlerContext ctx, ByteBuf in, String problem) {
        framingLost = true;
        counters.framingErrors.increment();
        LOG.info(
                "event=framing_lost remote={} problem=\"{}\" action=\"connection closed\"",
                ctx.channel().remoteAddress(),
                problem);
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
