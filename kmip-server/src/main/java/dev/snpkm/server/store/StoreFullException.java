package dev.snpkm.server.store;

/** A write refused because the store's disk is (nearly) full; reads still work, and writes resume with space. */
public final class StoreFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
