package dev.snpkm.client.transport;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a socket whose TLS handshake or response takes longer in all than allowed. A socket's read timeout bounds
 * each read only: a peer that sends a byte now and then (one TLS record byte a second) resets it every time and could
 * hold a caller for as long as it liked.
 */
final class SocketWatchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private SocketWatchdog() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "kmip-client-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true); // a cancelled limit leaves nothing queued behind it
        return t;
    }

    /** One armed limit: close it when the guarded step ended in time. */
    static final class Armed implements AutoCloseable {
        private final AtomicBoolean fired = new AtomicBoolean();
        private final ScheduledFuture<?> task;

        private Armed(Socket socket, Duration limit) {
            this.task = TIMER.schedule(
                    () -> {
                        fired.set(true);
                        try {
                            socket.close(); // the blocked read fails at once
                        } catch (IOException ignored) {
                            // already closed: nothing to stop
                        }
                    },
                    limit.toNanos(),
                    TimeUnit.NANOSECONDS);
        }

        /** Whether the limit passed and the socket was closed because of it. */
        boolean fired() {
            return fired.get();
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }

    /** Closes socket once limit has passed, unless the returned limit is closed first. */
    static Armed arm(Socket socket, Duration limit) {
        return new Armed(socket, limit);
    }
}
