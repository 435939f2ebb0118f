package dev.snpkm.server.tls;

import java.security.cert.CertificateException;
import org.jspecify.annotations.Nullable;

/**
 * The operator's reason for a failed handshake, the same with either {@link TlsProvider}: the JDK puts a refused
 * client certificate's reason in its exception's message, BoringSSL's engine says "General OpenSslEngine problem"
 * and carries {@link ClientCertificateTrustManager}'s exception as a cause. The first certificate refusal in the
 * chain wins; otherwise the handshake exception's own message.
 */
public final class HandshakeFailures {
    private HandshakeFailures() {}

    public static @Nullable String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return failure.getMessage();
    }
}
