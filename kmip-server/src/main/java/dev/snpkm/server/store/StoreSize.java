package dev.snpkm.server.store;

/** How much disk the store takes and how much of it is live data, for the store's metrics and its soak test. */
public interface StoreSize {

    /** The store file's size in bytes; negative when the database is not a local file. */
    long fileBytes();

    /**
     * The bytes of the pages the current data needs (what a fully compacted copy would take, about); negative when
     * unknown.
     */
    long liveBytes();

    /** A database server's: not a local file, sizes unknown here. */
    static StoreSize unknown() {
        return new StoreSize() {
            @Override
            public long fileBytes() {
                return -1;
            }

            @Override
            public long liveBytes() {
                return -1;
            }
        };
    }
}
