package dev.snpkm.server.transport;

import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the decrypted byte stream into whole TTLV messages (KMIP 2.1 §10.1: no extra framing; 8-byte header, then
 * Length bytes) and emits each as a {@code byte[]}.
 *
 * <p>A header that is not a Structure, or that announces more than the size limit, means the stream can no longer be
 * cut into messages: there is no way to find the next one, so the connection is closed without an answer.
 */
final class TtlvFrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(TtlvFrameDecoder.class);
    private static final int HEADER = 8;

    private final int maxMessageBytes;
    private final TransportCounters counters;
    private boolean framingLost;

    TtlvFrameDecoder(int maxMessageBytes, TransportCounters counters) {
        this.maxMessageBytes = maxMessageBytes;
        this.counters = counters;
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
        out.add(frame);
    }

    private void loseFraming(ChannelHandlerContext ctx, ByteBuf in, String problem) {
        framingLost = true;
        counters.framingErrors.increment();
        log.info("closing connection from {}: {}", ctx.channel().remoteAddress(), problem);
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
