package dev.snpkm.server.crypto;

import org.jspecify.annotations.Nullable;

/**
 * Sealed material did not open: it was modified, belongs to another object, or was sealed under a master key this
 * server does not hold. Names the object, never the material.
 */
public final class SealedMaterialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String uid;

    public SealedMaterialException(String uid, String problem, @Nullable Throwable cause) {
        super("key material of object " + uid + " " + problem, cause);
        this.uid = uid;
    }

    public String uid() {
        return uid;
    }
}
