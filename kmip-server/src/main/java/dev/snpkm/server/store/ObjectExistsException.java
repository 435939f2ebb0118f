package dev.snpkm.server.store;

/** An Import named a unique identifier that an object already has, without Replace Existing. */
public final class ObjectExistsException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ObjectExistsException(String uid) {
        super("an object with unique identifier " + uid + " already exists");
    }
}
