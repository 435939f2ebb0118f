package dev.snpkm.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which socket layer carries the listener's connections. Both run the same pipeline; they differ in cost per message.
 *
 * <ul>
 *   <li>{@code EPOLL}: Netty's native Linux transport (edge-triggered epoll, eventfd wake-ups, no selected-key set and
 *       no garbage per event); its native library ships for linux-x86_64 in the product.
 *   <li>{@code NIO}: the JDK's selector. Every platform.
 *   <li>{@code AUTO}: epoll where its native library loads, else NIO.
 * </ul>
 */
public enum NetworkTransport {
    AUTO,
    EPOLL,
    NIO;

    /** The configuration spelling: {@code auto}, {@code epoll}, {@code nio}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the configuration spelling; the message lists the accepted values. */
    public static NetworkTransport parse(String value) {
        for (NetworkTransport t : values()) {
            if (t.configName().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a network transport (one of "
                + Stream.of(values()).map(NetworkTransport::configName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * The transport that will serve: AUTO becomes EPOLL or NIO; an explicit EPOLL that cannot load is refused with
     * the native library's reason (a server must not silently run on something other than what was asked).
     */
    public NetworkTransport resolve() {
        return switch (this) {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException(
                            "transport epoll is not available here: " + Epoll.unavailabilityCause());
                }
                yield EPOLL;
            }
            case NIO -> NIO;
        };
    }

    /** A group of {@code threads} event loops (0: Netty's default, two per core) for a resolved transport. */
    EventLoopGroup newGroup(int threads, ThreadFactory factory) {
        return switch (this) {
            case EPOLL -> new EpollEventLoopGroup(threads, factory);
            case NIO -> new NioEventLoopGroup(threads, factory);
            case AUTO -> throw new IllegalStateException("resolve() first");
        };
    }

    /** The listening channel's class for a resolved transport. */
    Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
            case AUTO -> throw new IllegalStateException("resolve() first");
        };
    }
}
