package dev.snpkm.appliance.bootstrap;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An "enterprise" CA for tests of {@code tls.client-ca} / {@code tls.client-crls}: the appliance's own
 * {@link CertificateAuthority} code issues the certificates (PEM files in {@code dir}); CRLs are built with Bouncy
 * Castle, signed by the CA or, to forge one, by another key under the CA's name.
 */
public final class ExternalClientCa {
    private static final AtomicLong STAMP = new AtomicLong(1_700_000_000_000L);

    /** PEM files of one issued certificate. */
    public record IssuedFiles(Path certificate, Path privateKey, X509Certificate x509) {}

    private final CertificateAuthority ca;
    private final Path dir;
    private final Path caPem;

    private ExternalClientCa(CertificateAuthority ca, Path dir, Path caPem) {
        this.ca = ca;
        this.dir = dir;
        this.caPem = caPem;
    }

    public static ExternalClientCa create(Path dir, String commonName) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create(commonName);
        Path pem = Files.write(dir.resolve("ca.pem"), CertificateAuthority.pemBytes(ca.certificate()));
        return new ExternalClientCa(ca, dir, pem);
    }

    public Path caPem() {
        return caPem;
    }

    public IssuedFiles issueServer() throws IOException, GeneralSecurityException {
        return write("server", ca.issueServer("localhost", Set.of("localhost", "127.0.0.1")));
    }

    public IssuedFiles issueClient(String cn) throws IOException, GeneralSecurityException {
        return write(cn, ca.issueClient(cn));
    }

    /**
     * Writes (or rewrites, with a fresh modification time) a PEM CRL listing {@code revoked}, valid until
     * {@code nextUpdate}; {@code forged} signs it with a key that is not the CA's.
     */
    public Path writeCrl(String file, Instant nextUpdate, boolean forged, X509Certificate... revoked)
            throws IOException, GeneralSecurityException {
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofHours(1))));
        b.setNextUpdate(Date.from(nextUpdate));
        for (X509Certificate c : revoked) {
            b.addCRLEntry(c.getSerialNumber(), Date.from(now), CRLReason.keyCompromise);
        }
        PrivateKey signer =
                forged ? KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate() : ca.privateKey();
        try {
            Path out = Files.write(
                    dir.resolve(file),
                    CertificateAuthority.pemBytes(new JcaX509CRLConverter()
                            .getCRL(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(signer)))));
            Files.setLastModifiedTime(out, FileTime.fromMillis(STAMP.addAndGet(1000)));
            return out;
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign test CRL: " + e.getMessage(), e);
        }
    }

    /** The CA's own private key as an owner-only PKCS#8 PEM file (for tests that make the CA Certify's issuer). */
    public Path writeCaKey(String file) throws IOException {
        Path key = dir.resolve(file);
        Files.writeString(key, CertificateAuthority.pem(ca.privateKey()), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    /** A subordinate CA certificate this CA signs for a fresh EC key (CA:true, keyCertSign), with its key file. */
    public IssuedFiles issueSubordinateCa(String cn) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Instant now = Instant.now();
        try {
            X509Certificate sub = new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    ca.certificate(),
                                    BigInteger.valueOf(STAMP.incrementAndGet()),
                                    Date.from(now.minus(Duration.ofMinutes(5))),
                                    Date.from(now.plus(Duration.ofDays(30))),
                                    new X500Principal("CN=" + cn),
                                    pair.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                            .addExtension(
                                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                            .build(new JcaContentSignerBuilder("SHA384withECDSA").build(ca.privateKey())));
            return write(cn, new IssuedCredential(sub, pair));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign test sub-CA: " + e.getMessage(), e);
        }
    }

    private IssuedFiles write(String name, IssuedCredential issued) throws IOException {
        Path cert = Files.write(dir.resolve(name + ".pem"), CertificateAuthority.pemBytes(issued.certificate()));
        Path key = dir.resolve(name + ".key");
        Files.writeString(key, CertificateAuthority.pem(issued.keyPair().getPrivate()), StandardCharsets.US_ASCII);
        return new IssuedFiles(cert, key, issued.certificate());
    }
}
