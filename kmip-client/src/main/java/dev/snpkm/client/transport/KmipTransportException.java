package dev.snpkm.client.transport;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A request could not be completed. {@link #stage()} says how far it got, which decides whether resending it is safe.
 */
public final class KmipTransportException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Where the exchange failed. */
    public enum Stage {
        /** TCP connect failed (refused, unreachable, timed out, unknown host): the server saw nothing. */
        CONNECT(true),
        /** The TLS handshake broke off (reset, EOF): no request was sent. */
        HANDSHAKE(true),
        /**
         * The server was refused (untrusted chain, host name mismatch, key pin mismatch) or refused us in the
         * handshake (alert): a configuration problem that retrying cannot fix.
         */
        SERVER_REJECTED(false),
        /** Writing failed before the whole request left: the server cannot have a complete request to process. */
        SEND(true),
        /** The request was written, then the response did not arrive (EOF, reset, read timeout). */
        RECEIVE(false),
        /** The response was malformed or larger than the limit. */
        PROTOCOL(false);

        private final boolean retryable;

        Stage(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Stage stage;

    public KmipTransportException(Stage stage, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    /** Whether the request certainly did not reach the server's processing, so sending it again cannot repeat it. */
    public boolean retryable() {
        return stage.retryable;
    }
}
