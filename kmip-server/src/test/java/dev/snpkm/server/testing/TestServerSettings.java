package dev.snpkm.server.testing;

import dev.snpkm.server.tls.TlsSettings;
import dev.snpkm.server.transport.ServerSettings;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Server settings for loopback tests: 127.0.0.1, a free port, the test PKI, short timeouts. */
public final class TestServerSettings {
    private TestServerSettings() {}

    public static TlsSettings tls(TestPki pki) {
        return TlsSettings.of(pki.server().certificatePem(), pki.server().privateKeyPem(), pki.caCertificatePem());
    }

    public static ServerSettings loopback(TestPki pki) {
        return ServerSettings.defaults(tls(pki))
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withWorkers(4, 16)
                .withShutdownGrace(Duration.ofSeconds(5));
    }
}
