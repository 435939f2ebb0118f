package dev.snpkm.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestPki;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the TLS provider is chosen; the handshakes themselves are in KmipServerTlsTest, once per provider. */
class ServerTlsContextTest {
    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
    }

    private static TlsSettings tls(TlsProvider provider) {
        return TlsSettings.of(pki.server().certificatePem(), pki.server().privateKeyPem(), pki.caCertificatePem())
                .withProvider(provider);
    }

    /** The native library ships inside the jar for linux-x86_64: there, auto must be BoringSSL. */
    @Test
    void autoIsBoringSslExactlyWhereItLoadsAndItLoadsOnLinuxX8664() throws IOException {
        boolean linuxX8664 =
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        assertThat(OpenSsl.isAvailable())
                .as("netty-tcnative-boringssl-static loads on linux-x86_64")
                .isEqualTo(linuxX8664);

        TlsProvider chosen = ServerTlsContext.create(tls(TlsProvider.AUTO)).provider();

        assertThat(chosen).isEqualTo(linuxX8664 ? TlsProvider.OPENSSL : TlsProvider.JDK);
    }

    @Test
    void boringSslImplementsEveryDefaultSuiteAndNoneOfTheOthers() {
        assertThat(OpenSsl.isAvailable()).isTrue();
        for (KmipCipherSuite s : KmipCipherSuite.values()) {
            assertThat(OpenSsl.isCipherSuiteAvailable(s.jsseName()))
                    .as(s.jsseName())
                    .isEqualTo(s.enabledByDefault());
        }
    }

    @Test
    void jdkIsServedWhenConfiguredEvenWhereBoringSslLoads() throws IOException {
        assertThat(ServerTlsContext.create(tls(TlsProvider.JDK)).provider()).isEqualTo(TlsProvider.JDK);
    }

    @Test
    void autoFallsBackToTheJdkForAPolicyBoringSslCannotHold() throws IOException {
        TlsSettings cbc = tls(TlsProvider.AUTO)
                .withCipherSuites(List.of(
                        KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                        KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384));

        ServerTlsContext ctx = ServerTlsContext.create(cbc);

        assertThat(ctx.provider()).isEqualTo(TlsProvider.JDK);
        assertThat(ctx.offeredCipherSuites())
                .containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
    }

    @Test
    void explicitOpenSslThatCannotHoldThePolicyRefusesToStartAndSaysWhy() {
        TlsSettings cbc = tls(TlsProvider.OPENSSL)
                .withCipherSuites(List.of(
                        KmipCipherSuite.TLS_AES_256_GCM_SHA384,
                        KmipCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                        KmipCipherSuite.TLS_AES_128_GCM_SHA256,
                        KmipCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256));

        assertThatThrownBy(() -> ServerTlsContext.create(cbc))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tls.provider is openssl but")
                .hasMessageContaining("TLS_RSA_WITH_AES_256_CBC_SHA256");
    }

    @Test
    void providerNamesParseAndAnUnknownOneIsAClearError() {
        assertThat(TlsProvider.parse("openssl")).isEqualTo(TlsProvider.OPENSSL);
        assertThat(TlsProvider.parse("jdk")).isEqualTo(TlsProvider.JDK);
        assertThat(TlsProvider.parse("auto")).isEqualTo(TlsProvider.AUTO);
        assertThatThrownBy(() -> TlsProvider.parse("boringssl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'boringssl' is not a TLS provider (one of auto, openssl, jdk)");
    }
}
