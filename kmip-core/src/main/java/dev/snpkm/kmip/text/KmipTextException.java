package dev.snpkm.kmip.text;

import org.jspecify.annotations.Nullable;

/** A KMIP XML or JSON document does not describe a valid TTLV tree; the message names where and what is wrong. */
public final class KmipTextException extends Exception {
    private static final long serialVersionUID = 1L;

    public KmipTextException(String where, @Nullable String problem) {
        super(where + ": " + problem);
    }

    public KmipTextException(String where, @Nullable String problem, Throwable cause) {
        super(where + ": " + problem, cause);
    }
}
