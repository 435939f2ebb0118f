package dev.snpkm.server.cryptoservice;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The issuing CA Certify signs with (KMIP 1.4 §4.7, 2.1 §6.1.7), configured explicitly by the operator
 * ({@code KmipServerBuilder.certificateIssuer}); without one the server does not offer Certify. It issues X.509 v3
 * end-entity certificates (RFC 5280): a random 128-bit serial, valid from now for the configured period but never
 * past the CA's own expiry, Basic Constraints CA:false, Key Usage from the key's algorithm (RSA: digital signature and
 * key encipherment; EC: digital signature and key agreement), subject and authority key identifiers.
 */
public final class CertificateIssuer {
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Duration validity;

    /** @throws IllegalArgumentException if the certificate is not a CA that may sign certificates */
    public CertificateIssuer(X509Certificate certificate, PrivateKey key, Duration validity) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.key = Objects.requireNonNull(key, "key");
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the issuing certificate is not a CA (Basic Constraints CA:false)");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && !usage[5]) {
            throw new IllegalArgumentException("the issuing certificate's Key Usage lacks keyCertSign");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("the certificate validity must be positive");
        }
        this.validity = validity;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A DER-encoded certificate for {@code subjectKey}, named {@code subject}. */
    public byte[] issue(SubjectPublicKeyInfo subjectKey, X500Name subject, Instant now, SecureRandom random) {
        Instant caEnd = certificate.getNotAfter().toInstant();
        Instant end = now.plus(validity).isAfter(caEnd) ? caEnd : now.plus(validity);
        if (!end.isAfter(now)) {
            throw new IllegalStateException("the issuing CA certificate has expired");
        }
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new BigInteger(128, random).setBit(127),
                    Date.from(now),
                    Date.from(end),
                    subject,
                    subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            boolean rsa = subjectKey
                    .getAlgorithm()
                    .getAlgorithm()
                    .equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement)));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return b.build(new JcaContentSignerBuilder(algorithm).build(key)).getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
        }
    }
}
