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
 * <p>When a dead chunk's space may be reused is a durability question, not only a size one. After a power cut H2 finds
 * the newest chunk by starting at the chunk its store header names and following each chunk's prediction of where the
 * next one went; it stops at the first link it cannot read and opens the newest complete state it reached. H2 rewrites
 * the header only every {@value #HEADER_LAG_VERSIONS} versions or so, in the same unforced round as a chunk. So every
 * chunk from the durable header's to the newest forced one must stay readable until a later header is forced: a dead
 * one among them overwritten by the next round's chunk, with that round cut before its new header landed, breaks the
 * chain and takes recovery back to an older state without an error, losing acknowledged commits (CrashSimulationIT, in
 * a 48 MB JVM). H2's own guard is time (retention, 45 s by default), too long for the file at full speed and no
 * guarantee either. Here retention is 0 and the guard is versions: a dead chunk's space is reused only after
 * {@link #VERSIONS_BEFORE_REUSE} more versions, when it is older than any header the disk may still hold (every round
 * is one version and is forced before the next).
 */
final class H2Compaction implements StoreSize {
    /** Below this chunk fill rate, compaction runs. */
    static final int TARGET_FILL_PERCENT = 60;
    /** Live page bytes rewritten per pass at most: bounds the extra chunk bytes a round writes. */
    static final int REWRITE_BYTES_PER_PASS = 2 * 1024 * 1024;
    /** How often a pass may run. */
    static final long INTERVAL_NANOS = 50_000_000L;
    /** H2 rewrites its store header once the newest chunk is this many versions past it ({@code RandomAccessStore}). */
    static final int HEADER_LAG_VERSIONS = 20;
    /** A dead chunk's space is reused only this many versions after it died: well past the header's lag. */
    static final int VERSIONS_BEFORE_REUSE = 3 * HEADER_LAG_VERSIONS;

    private final MVStore store;
    private long lastPass;

    H2Compaction(MVStore store) {
        this.store = store;
        store.setRetentionTime(0);
        store.setVersionsToKeep(VERSIONS_BEFORE_REUSE);
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
