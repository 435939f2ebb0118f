package dev.snpkm.server.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Makes H2 rewrite its store header so that it names the newest chunk, in the same round as that chunk: the syncer
 * calls it after each store, before the force. After a power cut H2 finds the newest chunk by starting at the chunk the
 * header names and following each chunk's prediction of where the next one went; on its own it rewrites the header
 * only every ~20 versions, so the chunks between the header's and the newest must stay readable until a later header
 * is on disk. The store reuses dead chunks' space quickly ({@link H2Compaction}); with a lagging header, a reused chunk
 * of that chain, cut before H2's new header landed, silently took recovery back past acknowledged commits
 * ({@code EveryCrashPointIT}). With the header naming the newest chunk in every round, the chain on disk is the last
 * forced chunk alone.
 *
 * <p>H2 2.3 offers no call for it; the private {@code RandomAccessStore.writeStoreHeader} is used, and the store
 * refuses to open if it is missing (H2 upgraded under it).
 */
final class H2StoreHeader {
    private final MVStore store;
    private final Method writeStoreHeader;

    H2StoreHeader(MVStore store) {
        this.store = store;
        try {
            writeStoreHeader = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
            writeStoreHeader.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new StoreException("cannot reach H2's store header (H2 " + org.h2.engine.Constants.VERSION
                    + "), needed to keep acknowledged commits through a power cut: " + e);
        }
        if (!(store.getFileStore() instanceof RandomAccessStore)) {
            throw new StoreException("the H2 store is not a single random-access file: " + store.getFileStore());
        }
    }

    /**
     * Writes the header (unforced: the round's force takes it with the chunk) under H2's store lock, after any store
     * H2 still has queued, so no store of H2's own runs beside it.
     */
    void nameNewestChunk() {
        FileStore<?> file = store.getFileStore();
        store.executeFilestoreOperation(() -> {
            try {
                writeStoreHeader.invoke(file);
            } catch (IllegalAccessException e) {
                throw new StoreException("cannot write H2's store header: " + e);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r
                        ? r
                        : new StoreException("cannot write H2's store header: " + cause);
            }
        });
    }
}
