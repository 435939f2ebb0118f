package dev.snpkm.server.testing;

import dev.snpkm.server.tls.TlsProvider;
import dev.snpkm.server.tls.TlsSettings;
import dev.snpkm.server.transport.NetworkTransport;
import dev.snpkm.server.transport.ServerSettings;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Server settings for loopback tests: 127.0.0.1, a free port, the test PKI, short timeouts. The TLS provider is the
 * shipped default (auto) unless {@code -Dsnpkm.test.tls-provider=jdk|openssl} asks for one, so the whole suite can be
 * run against either; the TLS tests that matter most name each provider themselves. Likewise the socket layer:
 * auto unless {@code -Dsnpkm.test.transport=epoll|nio}.
 */
public final class TestServerSettings {
    private TestServerSettings() {}

    /** The provider a test that does not name one runs with. */
    public static TlsProvider defaultProvider() {
        return TlsProvider.parse(System.getProperty("snpkm.test.tls-provider", TlsProvider.AUTO.configName()));
    }

    /** The socket layer a test that does not name one runs with. */
    public static NetworkTransport defaultTransport() {
        return NetworkTransport.parse(System.getProperty("snpkm.test.transport", NetworkTransport.AUTO.configName()));
    }

    public static TlsSettings tls(TestPki pki) {
        return tls(pki, defaultProvider());
    }

    public static TlsSettings tls(TestPki pki, TlsProvider provider) {
        return TlsSettings.of(pki.server().certificatePem(), pki.server().privateKeyPem(), pki.caCertificatePem())
                .withProvider(provider);
    }

    public static ServerSettings loopback(TestPki pki) {
        return loopback(pki, defaultProvider());
    }

    public static ServerSettings loopback(TestPki pki, TlsProvider provider) {
        return ServerSettings.defaults(tls(pki, provider))
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withTransport(defaultTransport())
                .withWorkers(4, 16)
                .withShutdownGrace(Duration.ofSeconds(5));
    }
}
