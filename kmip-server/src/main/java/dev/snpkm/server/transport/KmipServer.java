package dev.snpkm.server.transport;

import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvLimits;
import dev.snpkm.server.ratelimit.KeyedRateLimiter;
import dev.snpkm.server.tls.ServerTlsContext;
import dev.snpkm.server.tls.TlsProvider;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMIP listener: TTLV over mutually authenticated TLS (KMIP 2.1 Profiles §3.1), and, when {@link HttpsSettings}
 * enable it, KMIP over HTTPS on the same port (§3.2), told apart by {@link ProtocolDetector}.
 *
 * <p>Per connection: admission (on accept: server and per-source limits, see {@link ConnectionAdmission}) → TLS →
 * idle timer → TTLV framing (with a per-frame deadline) → {@link KmipConnectionHandler} (per-client request rate,
 * backpressure), which runs requests on a bounded worker pool and answers them in order through a
 * {@link KmipRequestProcessor}.
 *
 * <pre>{@code
 * try (KmipServer server = KmipServer.start(ServerSettings.defaults(TlsSettings.of(cert, key, caBundle)), processor)) {
 *     server.port();   // the bound port
 * }                    // graceful: stop accepting, finish requests in progress, close
 * }</pre>
 */
public final class KmipServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KmipServer.class);
    /** The pipeline name of the TTLV frame decoder, which HTTPS connections replace ({@link HttpsPipeline}). */
    static final String FRAMING = "framing";

    private final ServerSettings settings;
    private final ServerTlsContext tls;
    private final NetworkTransport transport;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup io;
    private final RequestWorkers workers;
    private final ChannelGroup connections;
    private final TransportCounters counters = new TransportCounters();
    private final Channel listener;
    private final ConnectionAdmission admission;
    private final KeyedRateLimiter requestRate;
    private final RequestMemory memory;
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));
    private boolean closed;

    private KmipServer(ServerSettings settings, KmipRequestProcessor processor) throws IOException {
        this.settings = settings;
        this.tls = ServerTlsContext.create(settings.tls());
        this.transport = settings.transport().resolve();
        this.acceptors = transport.newGroup(1, new DefaultThreadFactory("kmip-accept", true));
        this.io = transport.newGroup(0, new DefaultThreadFactory("kmip-io", true));
        this.workers = new RequestWorkers(settings.workerThreads(), settings.workerQueueCapacity());
        this.connections = new DefaultChannelGroup("kmip-connections", GlobalEventExecutor.INSTANCE);
        this.admission =
                new ConnectionAdmission(settings.maxConnections(), settings.handshakeTimeout(), settings.peers());
        this.requestRate = new KeyedRateLimiter(settings.peers().requestRate());
        this.memory = new RequestMemory(settings.peers().maxQueuedRequestBytes());
        int highWater = settings.peers().maxUnsentResponseBytes();
        ErrorResponses errors = new ErrorResponses(Clock.systemUTC());
        TtlvDecoder decoder =
                new TtlvDecoder(new TtlvLimits(settings.maxMessageBytes(), TtlvLimits.DEFAULT.maxDepth()));

        HttpsPipeline https = settings.https().enabled() ? new HttpsPipeline(settings, decoder, counters) : null;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, io)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(highWater / 2, highWater))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ConnectionAdmission.Decision admitted = admission.admit(ch);
                        ConnectionAdmission.Refusal refusal = admitted.refusal();
                        if (refusal != null) {
                            refuse(ch, refusal);
                            return;
                        }
                        counters.connectionsAccepted.increment();
                        connections.add(ch);
                        SslHandler ssl = tls.newHandler(ch.alloc());
                        ssl.setHandshakeTimeoutMillis(Objects.requireNonNull(
                                        admitted.handshakeTimeout(), "an admitted connection has a handshake budget")
                                .toMillis());
                        ch.pipeline()
                                .addLast("tls", ssl)
                                .addLast(
                                        "idle",
                                        new IdleStateHandler(
                                                0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(
                                        FRAMING,
                                        new TtlvFrameDecoder(
                                                settings.maxMessageBytes(),
                                                settings.peers().frameTimeout(),
                                                counters))
                                .addLast(
                                        "kmip",
                                        new KmipConnectionHandler(
                                                ch,
                                                processor,
                                                workers,
                                                errors,
                                                decoder,
                                                counters,
                                                settings.maxPipelinedRequests(),
                                                requestRate,
                                                memory,
                                                settings.maxMessageBytes()));
                        if (https != null) {
                            ch.pipeline().addBefore(FRAMING, "detect", new ProtocolDetector(https));
                        }
                    }
                });
        try {
            this.listener =
                    bootstrap.bind(settings.bindAddress()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownThreads();
            throw new IOException("cannot listen on " + settings.bindAddress() + ": " + e.getMessage(), e);
        }
        LOG.info(
                "event=kmip_listening address={} https={} transport={} tls_provider={} tls_suites=\"{}\"",
                listener.localAddress(),
                settings.https().enabled() ? "POST " + settings.https().path() : "off",
                transport.configName(),
                tls.provider().configName(),
                tls.offeredCipherSuites());
    }

    /** Closes a connection refused on accept; logged at most once a second (a flood must not flood the log). */
    private void refuse(SocketChannel ch, ConnectionAdmission.Refusal why) {
        counters.connectionsRejected.increment();
        if (why != ConnectionAdmission.Refusal.SERVER_FULL) {
            counters.sourceRefusals.increment();
        }
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last > TimeUnit.SECONDS.toNanos(1) && lastRefusalLog.compareAndSet(last, now)) {
            LOG.warn(
                    "event=connections_refused total={} latest_remote={} reason={} open={} max={}",
                    counters.connectionsRejected(),
                    ch.remoteAddress(),
                    why,
                    admission.open(),
                    settings.maxConnections());
        }
        ch.close();
    }

    /** Binds and starts serving; returns once the port is bound. */
    public static KmipServer start(ServerSettings settings, KmipRequestProcessor processor) throws IOException {
        return new KmipServer(settings, processor);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The bound port (useful when the settings asked for port 0). */
    public int port() {
        return localAddress().getPort();
    }

    public TransportCounters counters() {
        return counters;
    }

    /** Connections open now (admitted by the connection limit and not yet closed). */
    public int openConnections() {
        return admission.open();
    }

    /** Connections admitted and still in their TLS handshake. */
    public int pendingHandshakes() {
        return admission.handshaking();
    }

    /** Bytes of requests read and waiting behind their connection's running request, server-wide. */
    public long queuedRequestBytes() {
        return memory.queued();
    }

    /** Requests refused because their client exceeded its request rate. */
    public long rateLimitedRequests() {
        return requestRate.refused();
    }

    /** Connections waiting for a worker to start their next request (a saturation gauge). */
    public int queuedRequests() {
        return workers.queued();
    }

    /** The TLS cipher suites the listener offers, in preference order. */
    public List<String> offeredCipherSuites() {
        return tls.offeredCipherSuites();
    }

    /** The socket layer serving the listener: epoll or nio, as chosen at start. */
    public NetworkTransport transport() {
        return transport;
    }

    /** The TLS implementation serving the listener: openssl (BoringSSL) or jdk, as chosen at start. */
    public TlsProvider tlsProvider() {
        return tls.provider();
    }

    /** Full TLS handshakes that verified a client certificate; resumed sessions do not add to it. */
    public long clientCertificateVerifications() {
        return tls.clientCertificateVerifications();
    }

    /**
     * Graceful shutdown: stop accepting, let requests in progress (and those already queued) finish for up to the
     * configured grace, answer any new request "shutting down", then close every connection.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close().syncUninterruptibly();
        try {
            if (!workers.shutdown(settings.shutdownGrace())) {
                LOG.warn(
                        "event=shutdown_grace_exceeded grace={} "
                                + "action=\"closing the connections of running requests\"",
                        settings.shutdownGrace());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        connections.close().awaitUninterruptibly(settings.shutdownGrace().toMillis());
        shutdownThreads();
        LOG.info("event=kmip_stopped address={}", listener.localAddress());
    }

    private void shutdownThreads() {
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
