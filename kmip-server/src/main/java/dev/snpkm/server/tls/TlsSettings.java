package dev.snpkm.server.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the server's TLS material lives and how strict client authentication is.
 *
 * @param certificateChainPem the server certificate, then its intermediates, PEM
 * @param privateKeyPem the server's private key, PEM (PKCS#8, or PKCS#1/SEC1 via Bouncy Castle)
 * @param clientCaBundlePem the CAs whose client certificates are accepted, PEM, one or more certificates
 * @param requireClientAuthEku whether a client certificate must carry the clientAuth extended key usage; some storage
 *     arrays ship certificates without it, so the appliance can accept them (PyKMIP's {@code enable_tls_client_auth})
 * @param cipherSuites the suites to offer, in preference order
 * @param sessionCacheSize how many TLS sessions the server remembers for resumption (vSphere and Synology reconnect
 *     for every operation, so resumption saves a full handshake per request)
 * @param sessionTimeout how long a cached session or ticket may be resumed
 * @param clientCrls revocation lists for client certificates, already loaded and verified ({@link ClientCrls#none()}
 *     by default); a live object rather than paths, so the appliance can share it with its per-request check
 * @param provider the TLS implementation ({@link TlsProvider#AUTO} by default: BoringSSL where it loads)
 */
public record TlsSettings(
        Path certificateChainPem,
        Path privateKeyPem,
        Path clientCaBundlePem,
        boolean requireClientAuthEku,
        List<KmipCipherSuite> cipherSuites,
        int sessionCacheSize,
        Duration sessionTimeout,
        ClientCrls clientCrls,
        TlsProvider provider) {

    public TlsSettings {
        Objects.requireNonNull(clientCrls, "clientCrls");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(clientCaBundlePem, "clientCaBundlePem");
        cipherSuites = List.copyOf(cipherSuites);
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("at least one cipher suite must be enabled");
        }
        if (sessionCacheSize < 0 || sessionTimeout.isNegative()) {
            throw new IllegalArgumentException("session cache size and timeout must not be negative");
        }
    }

    /** Defaults: clientAuth EKU required, the default suites, 10 000 sessions kept for 1 hour, provider auto. */
    public static TlsSettings of(Path certificateChainPem, Path privateKeyPem, Path clientCaBundlePem) {
        return new TlsSettings(
                certificateChainPem,
                privateKeyPem,
                clientCaBundlePem,
                true,
                KmipCipherSuite.defaults(),
                10_000,
                Duration.ofHours(1),
                ClientCrls.none(),
                TlsProvider.AUTO);
    }

    public TlsSettings withRequireClientAuthEku(boolean require) {
        return new TlsSettings(
                certificateChainPem,
                privateKeyPem,
                clientCaBundlePem,
                require,
                cipherSuites,
                sessionCacheSize,
                sessionTimeout,
                clientCrls,
                provider);
    }

    public TlsSettings withCipherSuites(List<KmipCipherSuite> suites) {
        return new TlsSettings(
                certificateChainPem,
                privateKeyPem,
                clientCaBundlePem,
                requireClientAuthEku,
                suites,
                sessionCacheSize,
                sessionTimeout,
                clientCrls,
                provider);
    }

    public TlsSettings withClientCrls(ClientCrls crls) {
        return new TlsSettings(
                certificateChainPem,
                privateKeyPem,
                clientCaBundlePem,
                requireClientAuthEku,
                cipherSuites,
                sessionCacheSize,
                sessionTimeout,
                crls,
                provider);
    }

    public TlsSettings withProvider(TlsProvider tlsProvider) {
        return new TlsSettings(
                certificateChainPem,
                privateKeyPem,
                clientCaBundlePem,
                requireClientAuthEku,
                cipherSuites,
                sessionCacheSize,
                sessionTimeout,
                clientCrls,
                tlsProvider);
    }
}
