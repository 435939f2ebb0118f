package dev.snpkm.server.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide budget for requests read but not yet running (queued behind their connection's running request).
 * Each connection stops reading once it queues a message's worth, but many connections together could still hold
 * max-connections × max-message-bytes of heap; past this budget a queued request is answered "busy" in its turn and
 * only its first bytes are kept. Thread-safe.
 */
final class RequestMemory {
    private final long maxBytes;
    private final AtomicLong queued = new AtomicLong();

    RequestMemory(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reserves {@code bytes}; false (nothing reserved) if that would pass the budget. */
    boolean tryReserve(int bytes) {
        while (true) {
            long now = queued.get();
            if (now + bytes > maxBytes) {
                return false;
            }
            if (queued.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(int bytes) {
        queued.addAndGet(-bytes);
    }

    long queued() {
        return queued.get();
    }
}
