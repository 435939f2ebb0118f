package dev.snpkm.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of KMIP's Basic Authentication Suite (KMIP 2.1 Profiles §3.1): TLS 1.3 and 1.2 only, the
 * {@link KmipCipherSuite} offer, mutual TLS required, and a session cache so reconnecting clients resume instead of
 * doing a full handshake. The same policy with either {@link TlsProvider} (see {@link BoringSslPolicy} for how it is
 * mapped onto BoringSSL); the client certificate is checked by {@link ClientCertificateTrustManager} in both.
 *
 * <p>Session resumption: the JDK issues session tickets (RFC 5077 for 1.2, PSK for 1.3; on by default in JDK 17,
 * {@code jdk.tls.server.enableSessionTicketExtension}) and keeps the cache below for 1.2 session ids; BoringSSL does
 * the same with its own ticket keys, rotated in memory.
 */
public final class ServerTlsContext {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTlsContext.class);

    private final SslContext sslContext;
    private final ClientCertificateTrustManager trustManager;
    private final TlsProvider provider;

    private ServerTlsContext(SslContext sslContext, ClientCertificateTrustManager trustManager, TlsProvider provider) {
        this.sslContext = sslContext;
        this.trustManager = trustManager;
        this.provider = provider;
    }

    public static ServerTlsContext create(TlsSettings settings) throws IOException {
        BouncyCastleEcdsa.install(); // the PKIX check's ECDSA verifications, ~5x cheaper than SunEC's
        ClientCertificateTrustManager trust = new ClientCertificateTrustManager(
                CaBundle.read(settings.clientCaBundlePem()), settings.requireClientAuthEku(), settings.clientCrls());
        List<String> groups = BoringSslPolicy.groups(System.getProperty("jdk.tls.namedGroups"));
        TlsProvider provider = choose(settings, groups);
        List<String> suites =
                settings.cipherSuites().stream().map(KmipCipherSuite::jsseName).toList();
        Set<String> protocols = new HashSet<>();
        settings.cipherSuites().forEach(s -> protocols.add(s.version().jsseName()));
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(
                            settings.certificateChainPem().toFile(),
                            settings.privateKeyPem().toFile())
                    .sslProvider(provider == TlsProvider.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols(protocols.toArray(new String[0]))
                    .ciphers(suites, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(trust)
                    .sessionCacheSize(settings.sessionCacheSize())
                    .sessionTimeout(settings.sessionTimeout().toSeconds());
            if (provider == TlsProvider.OPENSSL) {
                builder.option(OpenSslContextOption.GROUPS, groups.toArray(new String[0]));
            }
            SslContext ctx = builder.build();
            List<String> offered = ctx.cipherSuites();
            suites.stream()
                    .filter(s -> !offered.contains(s))
                    .forEach(s -> LOG.warn("event=cipher_suite_unavailable suite={} action=\"not offered\"", s));
            if (offered.isEmpty()) {
                throw new IOException("none of the configured cipher suites is available in this JDK: " + suites);
            }
            return new ServerTlsContext(ctx, trust, provider);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException(
                    "cannot build the server TLS context (" + provider.configName() + ") from "
                            + settings.certificateChainPem() + " and " + settings.privateKeyPem() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** The provider that will serve: the configured one, or for auto the cheaper one that can hold the policy. */
    private static TlsProvider choose(TlsSettings settings, List<String> groups) throws IOException {
        if (settings.provider() == TlsProvider.JDK) {
            return TlsProvider.JDK;
        }
        Optional<String> refusal = openSslRefusal(settings, groups);
        if (refusal.isEmpty()) {
            return TlsProvider.OPENSSL;
        }
        if (settings.provider() == TlsProvider.OPENSSL) {
            throw new IOException("tls.provider is openssl but " + refusal.get() + "; set tls.provider to auto or jdk");
        }
        LOG.info("event=tls_provider_fallback provider=jdk reason=\"{}\"", refusal.get());
        return TlsProvider.JDK;
    }

    private static Optional<String> openSslRefusal(TlsSettings settings, List<String> groups) {
        if (!OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            return Optional.of("BoringSSL (netty-tcnative) did not load on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (" + (cause == null ? "unknown cause" : cause.toString())
                    + "); its native library ships for linux-x86_64 only");
        }
        if (groups.isEmpty()) {
            return Optional.of("none of the key-exchange groups in jdk.tls.namedGroups is one BoringSSL implements");
        }
        return BoringSslPolicy.refusal(settings.cipherSuites(), OpenSsl::isCipherSuiteAvailable);
    }

    /** A fresh handler for one accepted connection. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return sslContext.newHandler(alloc);
    }

    /** The cipher suites actually offered, after dropping those the provider lacks. */
    public List<String> offeredCipherSuites() {
        return sslContext.cipherSuites();
    }

    /** The TLS implementation serving: {@link TlsProvider#OPENSSL} or {@link TlsProvider#JDK}, never auto. */
    public TlsProvider provider() {
        return provider;
    }

    /** Full handshakes that verified a client certificate (resumptions do not count). */
    public long clientCertificateVerifications() {
        return trustManager.verifications();
    }
}
