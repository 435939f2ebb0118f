package dev.snpkm.server.transport;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps concurrent connections. Checked when a connection is accepted, before its TLS handshake, so a flood of
 * connections costs no handshakes; the slot frees when the connection closes.
 */
final class ConnectionLimit {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max) {
        this.max = max;
    }

    /** Takes a slot for the channel, released when it closes; false if the server is full. */
    boolean tryAcquire(Channel channel) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                channel.closeFuture().addListener(f -> open.decrementAndGet());
                return true;
            }
        }
    }

    int open() {
        return open.get();
    }
}
