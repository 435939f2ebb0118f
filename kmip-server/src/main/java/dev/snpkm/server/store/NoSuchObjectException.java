package dev.snpkm.server.store;

/** No managed object has this unique identifier (KMIP: Item Not Found). */
public final class NoSuchObjectException extends StoreException {
    private static final long serialVersionUID = 1L;

    public NoSuchObjectException(String uid) {
        super("no managed object with unique identifier " + uid);
    }
}
