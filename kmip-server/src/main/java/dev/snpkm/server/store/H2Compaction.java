package dev.snpkm.server.store;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Keeps an H2 store file bounded by its live data, run by the syncer between its rounds. With a chunk per group of
 * commits and random keys, almost every chunk keeps a few live pages, so chunks never free themselves and the file
 * grows with commits, not data. When the chunks' fill rate (live page bytes over chunk bytes) falls below
 * {@link #TARGET_FILL_PERCENT}, the live pages of the sparsest, oldest chunks are rewritten (in memory: the syncer's
 * next round writes them into its chunk and forces it), which empties those chunks; their space is then reused by later
 * chunks.
 *
 * <p>When a dead chunk's space may be reused is a durability question: the chunks H2 recovers along after a power cut
 * (from the one its store header names to the newest) must stay readable until a newer header is on disk.
 * {@link H2StoreHeader} makes the header name the newest chunk in every round, so the only chunk recovery needs is
 * the last forced one, which dies at the earliest in the next round and is freed at the earliest in the round after,
 * whose header is then forced. A retention of {@link #RETENTION_MILLIS} is a second guard, for a store not made by
 * the syncer (H2 makes none of its own now: {@link H2OwnStores}). H2's own default, 45 s, kept the file growing with
 * commits; H2 {@code setVersionsToKeep} as the guard instead left transactions half there after power cuts
 * (CrashSimulationIT, 2026-12-06), so it is not used.
 */
final class H2Compaction implements StoreSize {
    /** Below this chunk fill rate, compaction runs. */
    static final int TARGET_FILL_PERCENT = 60;
    /** Live page bytes rewritten per pass at most: bounds the extra chunk bytes a round writes. */
    static final int REWRITE_BYTES_PER_PASS = 2 * 1024 * 1024;
    /** How often a pass may run. */
    static final long INTERVAL_NANOS = 50_000_000L;
    /** A chunk's space is reused, and its pages rewritten, only this long after it was written. */
    static final int RETENTION_MILLIS = 200;

    private final MVStore store;
    private long lastPass;

    H2Compaction(MVStore store) {
        this.store = store;
        store.setRetentionTime(RETENTION_MILLIS);
    }

    /** Rewrites sparse chunks if it is time to and the fill rate asks for it; true when anything was rewritten. */
    boolean maybeCompact(long nowNanos) {
        if (nowNanos - lastPass < INTERVAL_NANOS || store.isClosed()) {
            return false;
        }
        lastPass = nowNanos;
        return store.compact(TARGET_FILL_PERCENT, REWRITE_BYTES_PER_PASS);
    }

    @Override
    public long fileBytes() {
        FileStore<?> f = store.getFileStore();
        return store.isClosed() || f == null ? -1 : f.size();
    }

    @Override
    public long liveBytes() {
        FileStore<?> f = store.getFileStore();
        if (store.isClosed() || f == null) {
            return -1;
        }
        // Used blocks of the file (fill rate) times the live share of the chunks in them.
        return f.size() * f.getFillRate() / 100 * f.getChunksFillRate() / 100;
    }
}
