package dev.snpkm.server.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate chains for the Validate tests: a root, an intermediate CA and a leaf (EC P-256, ECDSA with SHA-256),
 * each valid from an hour ago for two days, and the ways a chain goes wrong (another root, a signature by the wrong
 * key).
 */
public final class TestChains {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** One CA or end entity: its certificate and key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public byte[] der() {
            try {
                return certificate.getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** root → intermediate → leaf. */
    public record Chain(Issued root, Issued intermediate, Issued leaf) {}

    private TestChains() {}

    public static Chain generate(String name) {
        Issued root = root("CN=" + name + " root");
        Issued intermediate =
                issue(root, "CN=" + name + " intermediate", true, root.keys().getPrivate());
        Issued leaf = issue(
                intermediate, "CN=" + name + " leaf", false, intermediate.keys().getPrivate());
        return new Chain(root, intermediate, leaf);
    }

    public static Issued root(String dn) {
        KeyPair keys = ecKeys();
        return new Issued(build(new X500Name(dn), new X500Name(dn), keys, true, keys.getPrivate()), keys);
    }

    /** A certificate naming {@code issuer} as its issuer, signed by {@code signer} (the issuer's key, or not). */
    public static Issued issue(Issued issuer, String dn, boolean ca, PrivateKey signer) {
        KeyPair keys = ecKeys();
        X500Name issuerName = X500Name.getInstance(
                issuer.certificate().getSubjectX500Principal().getEncoded());
        return new Issued(build(issuerName, new X500Name(dn), keys, ca, signer), keys);
    }

    private static X509Certificate build(X500Name issuer, X500Name subject, KeyPair keys, boolean ca, PrivateKey by) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))),
                    subject,
                    keys.getPublic());
            b.addExtension(
                    Extension.basicConstraints, true, ca ? new BasicConstraints(1) : new BasicConstraints(false));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(by)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a test certificate", e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
