package dev.snpkm.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Tells KMIP over HTTPS from TTLV by a connection's first decrypted byte (see {@link HttpsSettings}) and steps aside:
 * TTLV keeps the pipeline as it is, anything else gets the HTTP handlers in place of the TTLV framing. The bytes read
 * so far go on to whichever handler now follows. One byte decides, so nothing waits here.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
    /** The first byte of every TTLV request: the Request Message tag is 0x420078. */
    private static final byte TTLV_FIRST_BYTE = 0x42;

    private final HttpsPipeline https;

    ProtocolDetector(HttpsPipeline https) {
        this.https = https;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getByte(in.readerIndex()) != TTLV_FIRST_BYTE) {
            https.replaceTtlvFraming(ctx.pipeline(), ctx.name());
        }
        ctx.pipeline().remove(this);
    }
}
