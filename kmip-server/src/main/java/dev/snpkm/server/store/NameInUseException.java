package dev.snpkm.server.store;

/**
 * A write would give an owner's live object a Name that another of the owner's live objects, or the same object
 * already, holds: the database's unique key on (owner, name) refused it. The operations layer answers it as a KMIP
 * name clash; the statement's transaction (or the batch item's savepoint) is rolled back like any failed write.
 */
public final class NameInUseException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String name;

    public NameInUseException(String name, Throwable cause) {
        super("the name '" + name + "' is already in use", cause);
        this.name = name;
    }

    /** The Name value refused. */
    public String name() {
        return name;
    }
}
