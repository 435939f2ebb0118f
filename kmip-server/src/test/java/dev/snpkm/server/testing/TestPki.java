package dev.snpkm.server.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for tests, generated with Bouncy Castle and written as PEM files (which PyKMIP and the appliance
 * read): a CA, a server certificate for 127.0.0.1 / localhost / ::1, client certificates with and without the
 * clientAuth extended key usage, and a client certificate from a CA the server does not trust. All keys EC P-256.
 *
 * <p>Published in the kmip-server test-jar; use it from another module with
 * {@code <dependency><artifactId>kmip-server</artifactId><type>test-jar</type><scope>test</scope></dependency>}:
 * <pre>{@code
 * TestPki pki = TestPki.generate(tempDir);
 * TlsSettings tls = TlsSettings.of(pki.server().certificatePem(), pki.server().privateKeyPem(), pki.caCertificatePem());
 * SSLContext client = pki.clientContext(pki.client());
 * }</pre>
 */
public final class TestPki {

    /** A certificate with its key, in memory and as PEM files. */
    public record Credential(
            String name, X509Certificate certificate, PrivateKey privateKey, Path certificatePem, Path privateKeyPem) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path caCertificatePem;
    private final X509Certificate caCertificate;
    private final Credential server;
    private final Credential client;
    private final Credential clientWithServerAuthEkuOnly;
    private final Credential clientWithoutEku;
    private final Credential untrustedClient;
    private Path dir;
    private KeyPair caKeys;
    private X509Certificate untrustedCa;
    private KeyPair untrustedCaKeys;

    /** Who signs a test CRL: the CA, a key that is not the CA's (same issuer name), or the untrusted CA. */
    public enum CrlSigner {
        CA,
        WRONG_KEY,
        UNTRUSTED_CA
    }

    private TestPki(
            Path caCertificatePem,
            X509Certificate caCertificate,
            Credential server,
            Credential client,
            Credential clientWithServerAuthEkuOnly,
            Credential clientWithoutEku,
            Credential untrustedClient) {
        this.caCertificatePem = caCertificatePem;
        this.caCertificate = caCertificate;
        this.server = server;
        this.client = client;
        this.clientWithServerAuthEkuOnly = clientWithServerAuthEkuOnly;
        this.clientWithoutEku = clientWithoutEku;
        this.untrustedClient = untrustedClient;
    }

    /** Generates the whole PKI and writes {@code ca.pem}, {@code <name>.pem} and {@code <name>-key.pem} into dir. */
    public static TestPki generate(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = ecKeyPair();
            X509Certificate ca = caCertificate("O=snpkm tests,CN=snpkm test CA", caKeys);
            Path caPem = writePem(dir.resolve("ca.pem"), ca);

            KeyPair otherCaKeys = ecKeyPair();
            X509Certificate otherCa = caCertificate("O=elsewhere,CN=untrusted test CA", otherCaKeys);

            Credential server = issue(
                    dir,
                    "server",
                    "O=snpkm tests,CN=localhost",
                    ca,
                    caKeys,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth},
                    true);
            Credential client = issue(
                    dir,
                    "client",
                    "O=snpkm tests,OU=vm-unlock,CN=test-client",
                    ca,
                    caKeys,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
                    false);
            Credential serverAuthOnly = issue(
                    dir,
                    "client-serverauth-eku",
                    "O=snpkm tests,CN=array-without-clientauth",
                    ca,
                    caKeys,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth},
                    false);
            Credential noEku =
                    issue(dir, "client-no-eku", "O=snpkm tests,CN=array-without-eku", ca, caKeys, null, false);
            Credential untrusted = issue(
                    dir,
                    "client-untrusted",
                    "O=elsewhere,CN=intruder",
                    otherCa,
                    otherCaKeys,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
                    false);
            TestPki pki = new TestPki(caPem, ca, server, client, serverAuthOnly, noEku, untrusted);
            pki.dir = dir;
            pki.caKeys = caKeys;
            pki.untrustedCa = otherCa;
            pki.untrustedCaKeys = otherCaKeys;
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate test PKI: " + e.getMessage(), e);
        }
    }

    public Path caCertificatePem() {
        return caCertificatePem;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** Server certificate: SAN 127.0.0.1, ::1, localhost; EKU serverAuth. */
    public Credential server() {
        return server;
    }

    /** Client certificate with EKU clientAuth, CN test-client. */
    public Credential client() {
        return client;
    }

    /** Client certificate whose EKU names serverAuth only (the JDK's own trust manager rejects it). */
    public Credential clientWithServerAuthEkuOnly() {
        return clientWithServerAuthEkuOnly;
    }

    /** Client certificate with no EKU extension at all. */
    public Credential clientWithoutEku() {
        return clientWithoutEku;
    }

    /** Client certificate with clientAuth, issued by a CA the server does not trust. */
    public Credential untrustedClient() {
        return untrustedClient;
    }

    /** Issues another trusted client certificate (EKU clientAuth) with subject "CN=cn,O=snpkm tests". */
    public Credential issueClient(String file, String cn) {
        try {
            return issue(
                    dir,
                    file,
                    "O=snpkm tests,CN=" + cn,
                    caCertificate,
                    caKeys,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
                    false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue test client certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a trusted client certificate with the VM role ({@link dev.snpkm.server.access.VmRole}): subject
     * "CN=cn,O=snpkm tests" and the VM certificate policy, as {@code kmipctl clients issue --vm} writes it.
     */
    public Credential issueVmClient(String file, String cn) {
        try {
            return issue(
                    dir,
                    file,
                    "O=snpkm tests,CN=" + cn,
                    caCertificate,
                    caKeys,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
                    false,
                    ecKeyPair(),
                    new org.bouncycastle.asn1.ASN1ObjectIdentifier(dev.snpkm.server.access.VmRole.POLICY_OID));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue test client certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues another server certificate (SAN 127.0.0.1, ::1, localhost; EKU serverAuth) for the given key pair, e.g.
     * P-384, P-256 or Ed25519 for the TLS handshake cost benchmark.
     */
    public Credential issueServer(String file, KeyPair keys) {
        try {
            return issue(
                    dir,
                    file,
                    "O=snpkm tests,CN=localhost",
                    caCertificate,
                    caKeys,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth},
                    true,
                    keys,
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue test server certificate: " + e.getMessage(), e);
        }
    }

    /** The CA that issued {@link #untrustedClient()}: trust it too when a test needs a second client CA. */
    public X509Certificate untrustedCaCertificate() {
        return untrustedCa;
    }

    /**
     * Writes a CRL into the PKI directory that lists {@code revoked} (by issuer and serial), valid from an hour ago
     * until {@code nextUpdate}, as PEM or DER.
     */
    public Path writeCrl(String file, CrlSigner signer, Instant nextUpdate, boolean der, Credential... revoked) {
        try {
            X509Certificate issuer = signer == CrlSigner.UNTRUSTED_CA ? untrustedCa : caCertificate;
            PrivateKey key = switch (signer) {
                case CA -> caKeys.getPrivate();
                case WRONG_KEY -> ecKeyPair().getPrivate();
                case UNTRUSTED_CA -> untrustedCaKeys.getPrivate();
            };
            Instant now = Instant.now();
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    Date.from(now.minus(Duration.ofHours(1))));
            b.setNextUpdate(Date.from(nextUpdate));
            for (Credential c : revoked) {
                b.addCRLEntry(
                        c.certificate().getSerialNumber(),
                        Date.from(now.minus(Duration.ofMinutes(1))),
                        CRLReason.keyCompromise);
            }
            X509CRL crl = new JcaX509CRLConverter()
                    .getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
            Path out = dir.resolve(file);
            if (der) {
                Files.write(out, crl.getEncoded());
            } else {
                StringWriter pem = new StringWriter();
                try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                    w.writeObject(crl);
                }
                Files.writeString(out, pem.toString(), StandardCharsets.US_ASCII);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue test CRL: " + e.getMessage(), e);
        }
    }

    /** A client SSLContext presenting {@code credential} and trusting the test CA. */
    public SSLContext clientContext(Credential credential) {
        return clientContext(credential, null);
    }

    /** As {@link #clientContext(Credential)}, counting the server certificate checks into {@code serverChecks}. */
    public SSLContext clientContext(Credential credential, AtomicLong serverChecks) {
        try {
            KeyManagerFactory kmf = null;
            if (credential != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry(
                        "client", credential.privateKey(), new char[0], new X509Certificate[] {credential.certificate()
                        });
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCertificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            X509ExtendedTrustManager tm = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    kmf == null ? null : kmf.getKeyManagers(),
                    new X509TrustManager[] {serverChecks == null ? tm : new CountingTrustManager(tm, serverChecks)},
                    RANDOM);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build client SSLContext: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate caCertificate(String dn, KeyPair keys)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X500Name name = new X500Name(dn);
        X509v3CertificateBuilder b = builder(name, name, keys);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, keys.getPrivate());
    }

    private static Credential issue(
            Path dir,
            String file,
            String dn,
            X509Certificate ca,
            KeyPair caKeys,
            KeyPurposeId[] eku,
            boolean serverNames)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        return issue(dir, file, dn, ca, caKeys, eku, serverNames, ecKeyPair(), null);
    }

    private static Credential issue(
            Path dir,
            String file,
            String dn,
            X509Certificate ca,
            KeyPair caKeys,
            KeyPurposeId[] eku,
            boolean serverNames,
            KeyPair keys,
            org.bouncycastle.asn1.ASN1ObjectIdentifier policy)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X509v3CertificateBuilder b =
                builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), new X500Name(dn), keys);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        if (eku != null) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
        }
        if (serverNames) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1"),
                new GeneralName(GeneralName.dNSName, "localhost")
            }));
        }
        if (policy != null) {
            b.addExtension(
                    Extension.certificatePolicies,
                    false,
                    new org.bouncycastle.asn1.x509.CertificatePolicies(
                            new org.bouncycastle.asn1.x509.PolicyInformation(policy)));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        X509Certificate cert = sign(b, caKeys.getPrivate());
        Path certPem = writePem(dir.resolve(file + ".pem"), cert);
        Path keyPem = dir.resolve(file + "-key.pem");
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(keyPem, pkcs8, StandardCharsets.US_ASCII);
        return new Credential(file, cert, keys.getPrivate(), certPem, keyPem);
    }

    /** DNs are written in ASN.1 order (O first), so Java prints them the usual way round: "CN=…,O=…". */
    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static Path writePem(Path file, X509Certificate cert) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        }
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /** Counts server certificate checks: a resumed session skips them, so the count reveals full handshakes. */
    private static final class CountingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final AtomicLong checks;

        CountingTrustManager(X509ExtendedTrustManager delegate, AtomicLong checks) {
            this.delegate = delegate;
            this.checks = checks;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            checks.incrementAndGet();
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            checks.incrementAndGet();
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            checks.incrementAndGet();
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** Lists the PEM files written, for diagnostics. */
    public List<Path> pemFiles() {
        List<Path> files = new ArrayList<>(List.of(caCertificatePem));
        for (Credential c : List.of(server, client, clientWithServerAuthEkuOnly, clientWithoutEku, untrustedClient)) {
            files.add(c.certificatePem());
            files.add(c.privateKeyPem());
        }
        return files;
    }
}
