package dev.snpkm.client.transport;

import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Sends KMIP request messages to a key manager over one reused TLS connection, reconnecting when it is lost. Given
 * several servers (nodes of one cluster sharing a store), it stays on the one that answers and, when a request cannot
 * reach it, fails over to the next at once; only after every server failed in a round does it pause (backoff) before
 * the next round. A server whose identity is refused (or that refuses ours) is skipped for the rest of the request,
 * not retried, and stops the request only when every server did so. The budget: {@link TransportSettings#maxAttempts()} rounds, each costing at most one connect
 * timeout per unreachable server, and no attempt started after {@link TransportSettings#deadline()}.
 *
 * <p>Retry rule: a request is sent again only when it certainly never reached the server's processing: the
 * connect or handshake failed, or writing failed before the whole message left. Once a request is fully written, a
 * lost response is reported, not retried: the server may have executed it, and repeating a Create, Register or
 * Destroy would create a second key or act twice. Callers that know an operation is idempotent (Get, Locate) may
 * retry at their level.
 *
 * <p>Thread-safe: callers are served one at a time on the single connection (KMIP over TLS answers in order, and
 * one boot agent has little to pipeline). Closed connections are detected before reuse, so an idle timeout on the
 * server costs a reconnect, never a failed request.
 */
public final class KmipTransport implements AutoCloseable {
    private final List<KmipEndpoint> endpoints;
    private int current;
    private final ClientTlsConfig tls;
    private final TransportSettings settings;
    private final RetryBackoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable KmipConnection connection;
    private long connectionsOpened;
    private boolean closed;

    public KmipTransport(KmipEndpoint endpoint, ClientTlsConfig tls, TransportSettings settings) {
        this(List.of(Objects.requireNonNull(endpoint, "endpoint")), tls, settings);
    }

    /** A transport to several servers, tried in this order; each must present a certificate for its own host. */
    public KmipTransport(List<KmipEndpoint> endpoints, ClientTlsConfig tls, TransportSettings settings) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a transport needs at least one server");
        }
        this.endpoints = List.copyOf(endpoints);
        this.tls = Objects.requireNonNull(tls, "tls");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backoff = new RetryBackoff(settings.initialBackoff(), settings.maxBackoff());
    }

    /**
     * Sends {@code request} and returns the server's Response Message.
     *
     * @throws KmipTransportException when all attempts failed (the last failure), or at once when the failure is not
     *     safe to retry; {@link KmipTransportException#retryable()} false means the server may have processed it
     */
    public Ttlv.Structure send(Ttlv.Structure request) throws KmipTransportException {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("transport to " + endpoints + " is closed");
            }
            long deadline = System.nanoTime() + settings.deadline().toNanos();
            BitSet rejected = new BitSet(endpoints.size()); // refused its identity (or us): not tried again
            BitSet triedThisRound = new BitSet(endpoints.size());
            for (int round = 1; ; ) {
                try {
                    return usableConnection().exchange(request);
                } catch (KmipTransportException e) {
                    dropConnection();
                    triedThisRound.set(current);
                    if (e.stage() == KmipTransportException.Stage.SERVER_REJECTED) {
                        // One node's certificate (expired, issued without this name) must not keep the request from
                        // the others; retrying that node cannot help, so it leaves the list for this request.
                        rejected.set(current);
                        if (rejected.cardinality() == endpoints.size()) {
                            throw e;
                        }
                    } else if (!e.retryable()) {
                        throw e;
                    }
                    int next = nextServer(rejected, triedThisRound);
                    if (next >= 0) {
                        current = next;
                        continue; // the next server of this round, at once
                    }
                    long left = deadline - System.nanoTime();
                    if (round >= settings.maxAttempts() || left <= 0) {
                        throw e;
                    }
                    // Sleeping under the lock is deliberate: other callers would meet the same unreachable servers.
                    pause(Duration.ofNanos(Math.min(backoff.after(round).toNanos(), left)), e);
                    round++;
                    triedThisRound.clear();
                    current = nextServer(rejected, triedThisRound);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The server after the current one, in list order, that is neither rejected nor tried: -1 when none is left. */
    private int nextServer(BitSet rejected, BitSet tried) {
        for (int step = 1; step <= endpoints.size(); step++) {
            int i = (current + step) % endpoints.size();
            if (!rejected.get(i) && !tried.get(i)) {
                return i;
            }
        }
        return -1;
    }

    /** The timeouts, retries and deadline this transport was made with. */
    public TransportSettings settings() {
        return settings;
    }

    private KmipConnection usableConnection() throws KmipTransportException {
        KmipConnection c = connection;
        if (c != null && !c.isUsable()) {
            dropConnection();
            c = null;
        }
        if (c == null) {
            c = KmipConnection.open(endpoints.get(current), tls, settings);
            connection = c;
            connectionsOpened++;
        }
        return c;
    }

    private void dropConnection() {
        KmipConnection c = connection;
        if (c != null) {
            c.close();
            connection = null;
        }
    }

    private static void pause(Duration d, KmipTransportException cause) throws KmipTransportException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    /** How many TLS connections this transport has opened so far (for monitoring and tests). */
    public long connectionsOpened() {
        lock.lock();
        try {
            return connectionsOpened;
        } finally {
            lock.unlock();
        }
    }

    /** The server requests go to now (the first, until a failover). */
    public KmipEndpoint endpoint() {
        lock.lock();
        try {
            return endpoints.get(current);
        } finally {
            lock.unlock();
        }
    }

    public List<KmipEndpoint> endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            dropConnection();
        } finally {
            lock.unlock();
        }
    }
}
