package dev.snpkm.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides, when a connection is accepted and before its TLS handshake, whether it may have a slot; so a flood of
 * connections costs no handshakes. Slots free when connections close.
 *
 * <p>One source (an IPv4 address, or an IPv6 /64: one host can hold a whole /64) may hold at most
 * {@link PeerLimits#maxConnectionsPerSource} connections, of which at most {@link PeerLimits#maxHandshakesPerSource}
 * are still in their handshake. The last {@link PeerLimits#reservedConnections} slots go only to sources that hold no
 * connection yet, so one source that filled the rest cannot lock a newcomer out. Under pressure (a quarter of all
 * slots in handshake, or three quarters of them taken) new connections get the shorter handshake budget.
 */
final class ConnectionAdmission {
    /** Why a connection was refused; the names are the metric labels. */
    enum Refusal {
        SERVER_FULL,
        SOURCE_CONNECTIONS,
        SOURCE_HANDSHAKES,
        RESERVED
    }

    /** An admitted connection's handshake budget, or the reason it was refused. */
    record Decision(@Nullable Refusal refusal, @Nullable Duration handshakeTimeout) {
        boolean admitted() {
            return refusal == null;
        }
    }

    private static final class Source {
        int connections;
        int handshakes;
    }

    /** The channel attribute holding its "handshake ended" action. */
    private static final AttributeKey<Runnable> HANDSHAKE_DONE = AttributeKey.valueOf("kmip.handshakeDone");

    private final int max;
    private final PeerLimits limits;
    private final Duration handshakeTimeout;
    private final Map<SourceKey, Source> sources = new HashMap<>();
    private int open;
    private int handshaking;

    /** A source address reduced to what one host controls: an IPv4 address, or an IPv6 address's /64. */
    record SourceKey(@Nullable InetAddress prefix) {
        static SourceKey of(SocketAddress address) {
            if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
                return new SourceKey(null);
            }
            InetAddress a = inet.getAddress();
            if (!(a instanceof Inet6Address)) {
                return new SourceKey(a);
            }
            byte[] bytes = a.getAddress();
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return new SourceKey(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are always an IPv6 address", e);
            }
        }
    }

    ConnectionAdmission(int maxConnections, Duration handshakeTimeout, PeerLimits limits) {
        this.max = maxConnections;
        this.handshakeTimeout = handshakeTimeout;
        this.limits = limits;
    }

    /**
     * Takes a slot for the channel if its source may have one; the slot is released when the channel closes, and the
     * handshake count when {@link #handshakeDone} is called (or the channel closes first).
     */
    synchronized Decision admit(Channel channel) {
        SourceKey key = SourceKey.of(channel.remoteAddress());
        Source s = sources.get(key);
        int held = s == null ? 0 : s.connections;
        Refusal refusal = open >= max
                ? Refusal.SERVER_FULL
                : held >= limits.maxConnectionsPerSource()
                        ? Refusal.SOURCE_CONNECTIONS
                        : s != null && s.handshakes >= limits.maxHandshakesPerSource()
                                ? Refusal.SOURCE_HANDSHAKES
                                : held > 0 && open >= max - limits.reservedConnections() ? Refusal.RESERVED : null;
        if (refusal != null) {
            return new Decision(refusal, null);
        }
        Duration budget =
                underPressure() ? min(limits.handshakeTimeoutUnderPressure(), handshakeTimeout) : handshakeTimeout;
        Source source = sources.computeIfAbsent(key, k -> new Source());
        source.connections++;
        source.handshakes++;
        open++;
        handshaking++;
        channel.attr(HANDSHAKE_DONE)
                .set(
                        () -> { // run at most once: handshakeDone takes it off the channel
                            synchronized (this) {
                                source.handshakes--;
                                handshaking--;
                            }
                        });
        channel.closeFuture().addListener(f -> released(key, source, channel));
        return new Decision(null, budget);
    }

    /** The channel's handshake ended (either way): it no longer counts as pending. */
    static void handshakeDone(Channel channel) {
        Runnable mark = channel.attr(HANDSHAKE_DONE).getAndSet(null);
        if (mark != null) {
            mark.run();
        }
    }

    private synchronized void released(SourceKey key, Source source, Channel channel) {
        handshakeDone(channel);
        open--;
        if (--source.connections == 0) {
            sources.remove(key);
        }
    }

    private boolean underPressure() {
        return handshaking >= Math.max(1, max / 4) || open >= max - max / 4;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    synchronized int open() {
        return open;
    }

    synchronized int handshaking() {
        return handshaking;
    }
}
