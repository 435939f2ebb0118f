package dev.snpkm.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Refuses new write transactions while the store's disk is nearly full, before they change anything: a write that
 * H2 could not store would fail after its commit, and H2 closes a store whose file write failed (reads included).
 * Writes stop below {@link #FULL_BELOW} bytes free and resume at {@link #RESUME_AT} (the gap keeps them from
 * flapping); the syncer's chunks and compaction fit well inside the reserve. Free space is probed at most every
 * {@link #PROBE_NANOS}, so admission costs a volatile read per write.
 */
final class WriteAdmission {
    static final long FULL_BELOW = 64L << 20;
    static final long RESUME_AT = 96L << 20;
    static final long PROBE_NANOS = 100_000_000L;

    private final LongSupplier usableBytes;
    private volatile long nextProbe;
    private volatile long lastUsable = Long.MAX_VALUE;
    private volatile boolean full;

    WriteAdmission(LongSupplier usableBytes) {
        this.usableBytes = usableBytes;
    }

    /** Admission for a database server, which manages its own disk. */
    static WriteAdmission always() {
        return new WriteAdmission(() -> Long.MAX_VALUE);
    }

    /** Free space of the file system holding {@code file}, as an unprivileged process may use it. */
    static WriteAdmission forFileSystemOf(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return new WriteAdmission(() -> {
            try {
                return Files.getFileStore(dir).getUsableSpace();
            } catch (IOException e) {
                return Long.MAX_VALUE; // cannot tell: let H2 find out (it fails the write) rather than refuse all
            }
        });
    }

    /** Throws {@link StoreFullException} when a write may not start now. */
    void check() {
        if (refresh()) {
            throw new StoreFullException(message());
        }
    }

    /** Whether writes are refused now (for /readyz). */
    boolean full() {
        return refresh();
    }

    String message() {
        return "the store is full: " + (lastUsable >> 20) + " MB free on its disk, writes resume at "
                + (RESUME_AT >> 20) + " MB free";
    }

    private boolean refresh() {
        long now = System.nanoTime();
        if (now - nextProbe >= 0) {
            nextProbe = now + PROBE_NANOS;
            long usable = usableBytes.getAsLong();
            lastUsable = usable;
            full = full ? usable < RESUME_AT : usable < FULL_BELOW;
        }
        return full;
    }
}
