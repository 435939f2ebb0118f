package dev.snpkm.client.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of KMIP's mutually authenticated TLS (KMIP 2.1 Profiles §3.1), JDK only.
 *
 * <p>Guarantees: the server's chain must lead to one of the configured CAs, and by default its certificate must name
 * the host we dialled ({@link ServerVerification.Hostname}); TLS 1.3 and 1.2 only; the client certificate is
 * presented to the server. Immutable; the SSLContext is shared by every connection.
 */
public final class ClientTlsConfig {
    private static final char[] IN_MEMORY_PASSWORD = new char[0];

    private final SSLContext context;
    private final CipherPolicy cipherPolicy;
    private final ServerVerification verification;

    private ClientTlsConfig(SSLContext context, CipherPolicy cipherPolicy, ServerVerification verification) {
        this.context = context;
        this.cipherPolicy = cipherPolicy;
        this.verification = verification;
    }

    /**
     * From PEM files: the CA bundle that issued the server certificate, the client certificate (leaf first, then any
     * intermediates) and the client's unencrypted PKCS#8 private key (RSA or EC).
     */
    public static ClientTlsConfig fromPem(Path caBundle, Path certificateChain, Path privateKey)
            throws TlsConfigurationException {
        List<X509Certificate> cas = PemReader.certificates(caBundle);
        List<X509Certificate> chain = PemReader.certificates(certificateChain);
        PrivateKey key = PemReader.privateKey(privateKey);
        try {
            KeyStore keys = emptyKeyStore();
            keys.setEntry(
                    "client",
                    new KeyStore.PrivateKeyEntry(key, chain.toArray(new Certificate[0])),
                    inMemoryProtection());
            KeyStore trust = emptyKeyStore();
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return fromKeyStore(keys, IN_MEMORY_PASSWORD, trust);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException(
                    "client key " + privateKey + " does not fit certificate " + certificateChain + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** From key stores: {@code keys} holds the client key entry, {@code trust} the CA certificates. */
    public static ClientTlsConfig fromKeyStore(KeyStore keys, char[] keyPassword, KeyStore trust)
            throws TlsConfigurationException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyPassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return new ClientTlsConfig(ctx, CipherPolicy.MODERN, new ServerVerification.Hostname());
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    public ClientTlsConfig withCipherPolicy(CipherPolicy policy) {
        return new ClientTlsConfig(context, Objects.requireNonNull(policy), verification);
    }

    public ClientTlsConfig withServerVerification(ServerVerification how) {
        return new ClientTlsConfig(context, cipherPolicy, Objects.requireNonNull(how));
    }

    public CipherPolicy cipherPolicy() {
        return cipherPolicy;
    }

    public ServerVerification serverVerification() {
        return verification;
    }

    /**
     * Layers TLS over a connected socket, configured but not yet handshaken. {@code host} is what the certificate is
     * checked against (and the SNI name when it is not an IP literal).
     */
    public SSLSocket wrap(Socket connected, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(connected, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(CipherPolicy.PROTOCOLS.toArray(new String[0]));
        Set<String> supported = Set.of(s.getSupportedCipherSuites());
        p.setCipherSuites(
                cipherPolicy.cipherSuites().stream().filter(supported::contains).toArray(String[]::new));
        // Hostname check inside the handshake, so a mismatching server never sees a request.
        p.setEndpointIdentificationAlgorithm(verification instanceof ServerVerification.Hostname ? "HTTPS" : null);
        s.setSSLParameters(p);
        return s;
    }

    /** After the handshake: enforces a key pin, if configured. Throws before any request is written. */
    public void checkServer(SSLSession session) throws SSLPeerUnverifiedException {
        if (verification instanceof ServerVerification.PinnedKey pin) {
            Certificate[] peer = session.getPeerCertificates();
            if (peer.length == 0 || !pin.matches(peer[0])) {
                throw new SSLPeerUnverifiedException("server key does not match the configured pin " + pin
                        + " (got "
                        + (peer.length == 0
                                ? "no certificate"
                                : java.util.HexFormat.of().formatHex(ServerVerification.PinnedKey.pinOf(peer[0])))
                        + ")");
            }
        }
    }

    /**
     * How the key entry of the in-memory key store is protected: under the empty password, so the protection is not
     * what keeps the key secret (the store never leaves this process), and with one PBKDF2 iteration. The JDK default
     * (10,000 iterations of HMAC-SHA256, once to store the key and once more when the key manager reads it) cost a
     * client ~7 ms of CPU per context, half of a simulated VM's whole unlock (docs/benchmarks/attested-release-v2.md).
     */
    private static KeyStore.PasswordProtection inMemoryProtection() {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        return new KeyStore.PasswordProtection(
                IN_MEMORY_PASSWORD,
                "PBEWithHmacSHA256AndAES_256",
                new PBEParameterSpec(salt, 1, new IvParameterSpec(iv)));
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return ks;
    }

    @Override
    public String toString() {
        return "ClientTlsConfig[" + cipherPolicy + ", " + verification + ", protocols "
                + Arrays.toString(CipherPolicy.PROTOCOLS.toArray()) + "]";
    }
}
