package dev.snpkm.server.store;

import java.lang.reflect.Field;
import org.h2.mvstore.MVStore;

/**
 * Keeps H2 from storing on a writing thread, so that the stores of the file are the syncer's, made alone in the
 * {@link StoreGate}. H2 stores on a writing thread, inside its statement while other statements write, once unsaved
 * changes pass its auto-commit memory (3 MB in a 48 MB heap, 19 MB from ~300 MB), and on a committing thread when no
 * transaction has undo records and unsaved changes pass three quarters of it. Such a store could take one map before a
 * row write and the next map after it, which the gate exists to prevent, and writes a chunk without the store header
 * {@link H2StoreHeader} adds. With the limit raised out of reach ({@link #UNSAVED_LIMIT}) neither happens; what the
 * limit bounded stays bounded, as the syncer stores at least every {@link Database#IDLE_SYNC_MS} (between statements).
 * H2's other own store, its background writer's, waits for the write delay ({@link Database#H2_WRITE_DELAY_MS}).
 *
 * <p>H2 2.3 has no setting for it; the private {@code MVStore.autoCommitMemory} is set, and the store refuses to open
 * if that fails (H2 upgraded under it). Not 0: H2 reads 0 as "no file" in one place and as "store at every commit"
 * in another (the three-quarters rule).
 */
final class H2OwnStores {
    /** Unsaved bytes at which H2 would store on a writing thread: 512 MiB (H2 computes 4/3 of it in an int). */
    static final int UNSAVED_LIMIT = Integer.MAX_VALUE / 4;

    private H2OwnStores() {}

    static void keepOffWritingThreads(MVStore store) {
        try {
            Field memory = MVStore.class.getDeclaredField("autoCommitMemory");
            memory.setAccessible(true);
            memory.setInt(store, UNSAVED_LIMIT);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new StoreException("cannot keep H2 from storing on writing threads (H2 "
                    + org.h2.engine.Constants.VERSION
                    + "), needed to keep every unit of work whole through a power cut: "
                    + e);
        }
        if (store.getAutoCommitMemory() != UNSAVED_LIMIT) {
            throw new StoreException("H2 still stores on writing threads (H2 " + org.h2.engine.Constants.VERSION + ")");
        }
    }
}
