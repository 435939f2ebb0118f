package dev.snpkm.appliance.bootstrap;

import dev.snpkm.server.access.VmRole;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The appliance's own CA (EC P-256, ECDSA-SHA256): issues the server certificate and client certificates, P-256 too.
 * P-256 because every KMIP client we meet negotiates it (TLS 1.3, or 1.2 ECDHE-ECDSA-GCM; PyKMIP, OpenSSL, JDK) and a
 * full handshake costs the server a quarter less CPU than with P-384 (docs/BENCHMARKS.md "TLS handshake cost": at a
 * morning boot every VM opens a fresh connection, and the handshake is the largest part of an unlock's server CPU).
 * Ed25519 measured no cheaper within noise and is not accepted by every KMIP client.
 */
public final class CertificateAuthority {
    static final Duration CA_VALIDITY = Duration.ofDays(3653);
    static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new self-signed CA valid for ten years. */
    public static CertificateAuthority create(String commonName) throws GeneralSecurityException {
        KeyPair pair = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ",O=snpkm appliance");
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            subject,
                            serial(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(CA_VALIDITY)),
                            subject,
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(b, pair.getPrivate()), pair.getPrivate());
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build CA certificate: " + e.getMessage(), e);
        }
    }

    /** Loads the CA from its PEM certificate and PKCS#8 key. */
    public static CertificateAuthority load(Path certificatePem, Path keyPem)
            throws IOException, GeneralSecurityException {
        return new CertificateAuthority(readCertificate(certificatePem), readPrivateKey(keyPem));
    }

    /** A TLS server certificate (serverAuth) for the given DNS names and IP addresses. */
    public IssuedCredential issueServer(String commonName, Set<String> subjectAltNames)
            throws GeneralSecurityException {
        List<GeneralName> names = new ArrayList<>();
        for (String san : new LinkedHashSet<>(subjectAltNames)) {
            names.add(
                    isIpLiteral(san)
                            ? new GeneralName(GeneralName.iPAddress, san)
                            : new GeneralName(GeneralName.dNSName, san));
        }
        return issue(
                commonName, KeyPurposeId.id_kp_serverAuth, KeyUsage.digitalSignature | KeyUsage.keyAgreement, names);
    }

    /** A TLS client certificate (clientAuth) with the given CN: the identity the KMIP server sees. */
    public IssuedCredential issueClient(String commonName) throws GeneralSecurityException {
        return issueClient(commonName, false);
    }

    /**
     * @param vm write the VM role ({@link VmRole}): the certificate then receives key material only through the
     *     attested Get
     */
    public IssuedCredential issueClient(String commonName, boolean vm) throws GeneralSecurityException {
        return issue(
                commonName,
                KeyPurposeId.id_kp_clientAuth,
                KeyUsage.digitalSignature | KeyUsage.keyAgreement,
                List.of(),
                vm);
    }

    private IssuedCredential issue(String cn, KeyPurposeId purpose, int usage, List<GeneralName> sans)
            throws GeneralSecurityException {
        return issue(cn, purpose, usage, sans, false);
    }

    private IssuedCredential issue(String cn, KeyPurposeId purpose, int usage, List<GeneralName> sans, boolean vm)
            throws GeneralSecurityException {
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(LEAF_VALIDITY)),
                            new X500Principal("CN=" + cn),
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            if (vm) {
                b.addExtension(
                        Extension.certificatePolicies,
                        false,
                        new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(VmRole.POLICY_OID))));
            }
            if (!sans.isEmpty()) {
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            return new IssuedCredential(sign(b, key), pair);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build certificate for CN=" + cn + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's private key, for writing it once at bootstrap. */
    PrivateKey privateKey() {
        return key;
    }

    public static String sha256Fingerprint(X509Certificate c) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    static String pem(Object object) throws IOException {
        // PKCS#8 generator can fail only on encryption, which is not used (null encryptor).
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            // Private keys go out as PKCS#8 ("PRIVATE KEY"): the JDK client, Netty and Python's ssl all read it.
            if (object instanceof PrivateKey pk) {
                w.writeObject(new JcaPKCS8Generator(pk, null));
            } else {
                w.writeObject(object);
            }
        }
        return out.toString();
    }

    static byte[] pemBytes(Object object) throws IOException {
        return pem(object).getBytes(StandardCharsets.US_ASCII);
    }

    public static X509Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(pem, StandardCharsets.US_ASCII))) {
            Object o = p.readObject();
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new IOException(pem + " does not hold a PKCS#8 private key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    static boolean isIpLiteral(String s) {
        if (s.contains(":")) {
            return true;
        }
        if (!s.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(s);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
