package dev.snpkm.server.transport;

import dev.snpkm.kmip.ttlv.TtlvDecoder;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The handlers of a KMIP-over-HTTPS connection, put in place of the TTLV framing by {@link ProtocolDetector}:
 * request deadline → HTTP/1.1 codec (bounded request line and headers) → {@link HttpRequestGate} → body aggregation
 * (bounded by the TTLV message limit) → {@link KmipHttpBridge} → the connection's {@link KmipConnectionHandler}.
 */
final class HttpsPipeline {
    /** Longest request line: {@code POST /kmip HTTP/1.1} and room for a configured path. */
    private static final int MAX_REQUEST_LINE = 1024;

    private static final int MAX_CHUNK = 8192;

    private final HttpsSettings settings;
    private final ServerSettings server;
    private final TtlvDecoder decoder;
    private final TransportCounters counters;

    HttpsPipeline(ServerSettings server, TtlvDecoder decoder, TransportCounters counters) {
        this.settings = server.https();
        this.server = server;
        this.decoder = decoder;
        this.counters = counters;
    }

    /** Replaces the handler named {@code framing} (the TTLV frame decoder) with the HTTP handlers, after {@code at}. */
    void replaceTtlvFraming(ChannelPipeline pipeline, String at) {
        pipeline.remove(KmipServer.FRAMING);
        HttpRequestDeadline deadline = new HttpRequestDeadline(server.peers().frameTimeout(), counters);
        pipeline.addAfter(at, "http-deadline", deadline)
                .addAfter(
                        "http-deadline",
                        "http-codec",
                        new HttpServerCodec(MAX_REQUEST_LINE, settings.maxHeaderBytes(), MAX_CHUNK))
                .addAfter(
                        "http-codec",
                        "http-gate",
                        new HttpRequestGate(settings, server.maxMessageBytes(), deadline, counters))
                .addAfter("http-gate", "http-body", new HttpObjectAggregator(server.maxMessageBytes()))
                .addAfter("http-body", "http-kmip", new KmipHttpBridge(decoder));
    }
}
