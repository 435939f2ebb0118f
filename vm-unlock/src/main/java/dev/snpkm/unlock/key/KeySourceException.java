package dev.snpkm.unlock.key;

import org.jspecify.annotations.Nullable;

/** The key could not be obtained; the message names the reason (unreachable, refused, not found). No key bytes. */
public final class KeySourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeySourceException(String message) {
        super(message);
    }

    public KeySourceException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
