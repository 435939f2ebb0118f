package dev.snpkm.server.transport;

import dev.snpkm.server.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the KMIP listener runs.
 *
 * @param bindAddress address and port to listen on; port 0 picks a free port (tests)
 * @param tls certificates, client CAs and TLS policy
 * @param idleTimeout a connection with no traffic and no request in progress for this long is closed
 * @param handshakeTimeout a TLS handshake not finished within this is abandoned
 * @param maxConnections connections beyond this are closed as soon as they are accepted
 * @param maxMessageBytes the largest request accepted, TTLV header included; larger closes the connection
 * @param workerThreads threads running requests (JDBC and signature checks block, so not the event loops)
 * @param workerQueueCapacity requests waiting for a worker before the server answers "busy"
 * @param maxPipelinedRequests requests one connection may queue behind its running one before it gets "busy"
 * @param shutdownGrace how long a graceful shutdown waits for requests in progress
 * @param peers per-source, per-client and per-frame limits against floods and slow or greedy peers
 * @param https whether the listener also answers KMIP over HTTPS (detected by the first bytes) and on which path
 * @param transport the socket layer: {@link NetworkTransport#AUTO} (epoll where it loads), epoll or nio
 */
public record ServerSettings(
        InetSocketAddress bindAddress,
        TlsSettings tls,
        Duration idleTimeout,
        Duration handshakeTimeout,
        int maxConnections,
        int maxMessageBytes,
        int workerThreads,
        int workerQueueCapacity,
        int maxPipelinedRequests,
        Duration shutdownGrace,
        PeerLimits peers,
        HttpsSettings https,
        NetworkTransport transport) {

    /** IANA port for KMIP over TLS (KMIP 2.1 Profiles §3.1). */
    public static final int KMIP_PORT = 5696;

    public ServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(https, "https");
        Objects.requireNonNull(transport, "transport");
        if (idleTimeout.isNegative()
                || idleTimeout.isZero()
                || handshakeTimeout.isNegative()
                || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("idle and handshake timeouts must be positive");
        }
        if (maxConnections < 1
                || maxMessageBytes < 8
                || workerThreads < 1
                || workerQueueCapacity < 1
                || maxPipelinedRequests < 0) {
            throw new IllegalArgumentException("connection, message, worker and queue limits must be positive");
        }
    }

    /** Connections an appliance accepts by default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1_000;

    /**
     * Defaults for an appliance: all interfaces on 5696, 2 min idle, 1 000 connections, 1 MiB messages (PyKMIP's own
     * request limit), 2 workers per core but at least 16 (a worker blocks on JDBC, signature checks and the store's
     * group commit: 16 waiting commits can share one fsync), 16 pipelined per connection,
     * 10 s grace. The worker queue holds one request per connection: a connection runs its requests one at a time, so
     * at most one request per connection waits for a worker, and a queue that size never answers a client that waits
     * for its responses "busy" (a queue of 256 did, at 64 connections with 4 workers, in the first benchmark run).
     */
    public static ServerSettings defaults(TlsSettings tls) {
        return new ServerSettings(
                new InetSocketAddress(KMIP_PORT),
                tls,
                Duration.ofMinutes(2),
                Duration.ofSeconds(10),
                DEFAULT_MAX_CONNECTIONS,
                1024 * 1024,
                Math.max(16, 2 * Runtime.getRuntime().availableProcessors()),
                DEFAULT_MAX_CONNECTIONS,
                16,
                Duration.ofSeconds(10),
                PeerLimits.defaults(),
                HttpsSettings.OFF,
                NetworkTransport.AUTO);
    }

    public ServerSettings withBindAddress(InetSocketAddress address) {
        return with(b -> b.bindAddress = address);
    }

    public ServerSettings withTls(TlsSettings newTls) {
        return with(b -> b.tls = newTls);
    }

    public ServerSettings withIdleTimeout(Duration idle) {
        return with(b -> b.idleTimeout = idle);
    }

    public ServerSettings withMaxConnections(int max) {
        return with(b -> b.maxConnections = max);
    }

    public ServerSettings withMaxMessageBytes(int max) {
        return with(b -> b.maxMessageBytes = max);
    }

    public ServerSettings withWorkers(int threads, int queueCapacity) {
        return with(b -> {
            b.workerThreads = threads;
            b.workerQueueCapacity = queueCapacity;
        });
    }

    public ServerSettings withMaxPipelinedRequests(int max) {
        return with(b -> b.maxPipelinedRequests = max);
    }

    public ServerSettings withShutdownGrace(Duration grace) {
        return with(b -> b.shutdownGrace = grace);
    }

    public ServerSettings withHandshakeTimeout(Duration timeout) {
        return with(b -> b.handshakeTimeout = timeout);
    }

    public ServerSettings withPeerLimits(PeerLimits limits) {
        return with(b -> b.peers = limits);
    }

    public ServerSettings withTransport(NetworkTransport newTransport) {
        return with(b -> b.transport = newTransport);
    }

    /** Also answers KMIP over HTTPS on the same port ({@link HttpsSettings}). */
    public ServerSettings withHttps(HttpsSettings newHttps) {
        return with(b -> b.https = newHttps);
    }

    /** A copy with {@code change} applied, checked again by the canonical constructor. */
    private ServerSettings with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The one place that copies every component: each {@code with…} above changes one or two. */
    private static final class Builder {
        private InetSocketAddress bindAddress;
        private TlsSettings tls;
        private Duration idleTimeout;
        private Duration handshakeTimeout;
        private int maxConnections;
        private int maxMessageBytes;
        private int workerThreads;
        private int workerQueueCapacity;
        private int maxPipelinedRequests;
        private Duration shutdownGrace;
        private PeerLimits peers;
        private HttpsSettings https;
        private NetworkTransport transport;

        Builder(ServerSettings s) {
            bindAddress = s.bindAddress;
            tls = s.tls;
            idleTimeout = s.idleTimeout;
            handshakeTimeout = s.handshakeTimeout;
            maxConnections = s.maxConnections;
            maxMessageBytes = s.maxMessageBytes;
            workerThreads = s.workerThreads;
            workerQueueCapacity = s.workerQueueCapacity;
            maxPipelinedRequests = s.maxPipelinedRequests;
            shutdownGrace = s.shutdownGrace;
            peers = s.peers;
            https = s.https;
            transport = s.transport;
        }

        ServerSettings build() {
            return new ServerSettings(
                    bindAddress,
                    tls,
                    idleTimeout,
                    handshakeTimeout,
                    maxConnections,
                    maxMessageBytes,
                    workerThreads,
                    workerQueueCapacity,
                    maxPipelinedRequests,
                    shutdownGrace,
                    peers,
                    https,
                    transport);
        }
    }
}
