package dev.snpkm.server.tls;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which TLS implementation terminates the server's connections. Both hold the same policy (versions, suites, groups,
 * mutual TLS with our own client-certificate checks, session cache, handshake timeout); they differ in cost.
 *
 * <ul>
 *   <li>{@code OPENSSL}: BoringSSL through netty-tcnative (statically linked; its native library ships for
 *       linux-x86_64 only). The handshake's ECDHE, the server's signature, the client's CertificateVerify and the
 *       record encryption run natively; the client-certificate checks stay in {@link ClientCertificateTrustManager}.
 *   <li>{@code JDK}: the JDK's JSSE. Every platform.
 *   <li>{@code AUTO}: OpenSSL where it loads and can hold the configured policy, else the JDK (the reason is logged).
 * </ul>
 */
public enum TlsProvider {
    AUTO,
    OPENSSL,
    JDK;

    /** The configuration spelling: {@code auto}, {@code openssl}, {@code jdk}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the configuration spelling; the message lists the accepted values. */
    public static TlsProvider parse(String value) {
        for (TlsProvider p : values()) {
            if (p.configName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a TLS provider (one of "
                + Stream.of(values()).map(TlsProvider::configName).collect(Collectors.joining(", ")) + ")");
    }
}
