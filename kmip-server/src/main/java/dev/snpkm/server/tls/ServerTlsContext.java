package dev.snpkm.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of KMIP's Basic Authentication Suite (KMIP 2.1 Profiles §3.1): TLS 1.3 and 1.2 only, the
 * {@link KmipCipherSuite} offer, mutual TLS required, and a session cache so reconnecting clients resume instead of
 * doing a full handshake.
 *
 * <p>JDK provider: session tickets (RFC 5077 for 1.2, PSK for 1.3) are on by default in JDK 17
 * ({@code jdk.tls.server.enableSessionTicketExtension}); the cache below also serves 1.2 session-id resumption.
 */
public final class ServerTlsContext {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTlsContext.class);

    private final SslContext sslContext;
    private final ClientCertificateTrustManager trustManager;

    private ServerTlsContext(SslContext sslContext, ClientCertificateTrustManager trustManager) {
        this.sslContext = sslContext;
        this.trustManager = trustManager;
    }

    public static ServerTlsContext create(TlsSettings settings) throws IOException {
        BouncyCastleEcdsa.install(); // the handshake's ECDSA verifications, ~5x cheaper than SunEC's
        ClientCertificateTrustManager trust = new ClientCertificateTrustManager(
                CaBundle.read(settings.clientCaBundlePem()), settings.requireClientAuthEku(), settings.clientCrls());
        List<String> suites =
                settings.cipherSuites().stream().map(KmipCipherSuite::jsseName).toList();
        Set<String> protocols = new HashSet<>();
        settings.cipherSuites().forEach(s -> protocols.add(s.version().jsseName()));
        try {
            SslContext ctx = SslContextBuilder.forServer(
                            settings.certificateChainPem().toFile(),
                            settings.privateKeyPem().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(protocols.toArray(new String[0]))
                    .ciphers(suites, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(trust)
                    .sessionCacheSize(settings.sessionCacheSize())
                    .sessionTimeout(settings.sessionTimeout().toSeconds())
                    .build();
            List<String> offered = ctx.cipherSuites();
            suites.stream()
                    .filter(s -> !offered.contains(s))
                    .forEach(s -> LOG.warn("event=cipher_suite_unavailable suite={} action=\"not offered\"", s));
            if (offered.isEmpty()) {
                throw new IOException("none of the configured cipher suites is available in this JDK: " + suites);
            }
            return new ServerTlsContext(ctx, trust);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException(
                    "cannot build the server TLS context from " + settings.certificateChainPem() + " and "
                            + settings.privateKeyPem() + ": " + e.getMessage(),
                    e);
        }
    }

    /** A fresh handler for one accepted connection. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return sslContext.newHandler(alloc);
    }

    /** The cipher suites actually offered, after dropping those the JDK lacks. */
    public List<String> offeredCipherSuites() {
        return sslContext.cipherSuites();
    }

    /** Full handshakes that verified a client certificate (resumptions do not count). */
    public long clientCertificateVerifications() {
        return trustManager.verifications();
    }
}
