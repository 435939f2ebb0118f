package dev.snpkm.appliance.server;

import dev.snpkm.appliance.bootstrap.CertificateAuthority;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * KMIP Certify's issuing CA, loaded from the files {@code certify} names. Refuses, naming the key, what would make
 * Certify a way into the server or expose its key: a private key file that is not owner-only (mode 0600), a key
 * that is not the certificate's, a certificate that is not a CA, and a CA the server trusts for client certificates
 * (the same key as one, or issued by one): a certificate it signed would then log in as a KMIP client.
 */
final class CertifyIssuerFile {
    private CertifyIssuerFile() {}

    /** @param clientCas the CAs whose client certificates the KMIP port accepts */
    static CertificateIssuer load(ApplianceConfig.Certify c, List<X509Certificate> clientCas) throws IOException {
        X509Certificate certificate;
        try {
            certificate = CertificateAuthority.readCertificate(c.caCertificate());
        } catch (GeneralSecurityException | IOException e) {
            throw refused("certify.ca-certificate", c.caCertificate() + " is not a PEM certificate: " + e.getMessage());
        }
        ownerOnly(c.caPrivateKey());
        PrivateKey key;
        try {
            key = CertificateAuthority.readPrivateKey(c.caPrivateKey());
        } catch (IOException | RuntimeException e) {
            // The parser's message only: it names the file and the format, never the key's bytes.
            throw refused("certify.ca-private-key", c.caPrivateKey() + " is not a PKCS#8 PEM private key");
        }
        if (!pairs(certificate, key)) {
            throw refused(
                    "certify.ca-private-key",
                    c.caPrivateKey() + " is not the private key of certify.ca-certificate " + c.caCertificate());
        }
        for (X509Certificate clientCa : clientCas) {
            if (sameKey(clientCa, certificate) || issuedBy(certificate, clientCa)) {
                throw refused(
                        "certify.ca-certificate",
                        "'" + certificate.getSubjectX500Principal().getName()
                                + "' is, or was issued by, the client CA '"
                                + clientCa.getSubjectX500Principal().getName()
                                + "' that the KMIP port trusts: certificates it signed would log in as KMIP clients;"
                                + " give Certify a CA outside the client CAs' hierarchy");
            }
        }
        try {
            return new CertificateIssuer(certificate, key, Duration.ofDays(c.validityDays()));
        } catch (IllegalArgumentException e) {
            throw refused("certify.ca-certificate", c.caCertificate() + ": " + e.getMessage());
        }
    }

    /** The same rule as the master key's ({@link OwnerOnlyFile#isOwnerOnly}): owner read and write, nothing else. */
    private static void ownerOnly(Path keyFile) throws IOException {
        if (!OwnerOnlyFile.isOwnerOnly(keyFile)) {
            throw refused(
                    "certify.ca-private-key", keyFile + " may be read or written by group or others; chmod 600 it");
        }
    }

    /** Whether key signs what the certificate's public key verifies: a challenge, signed and checked here. */
    private static boolean pairs(X509Certificate certificate, PrivateKey key) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default ->
                throw refused(
                        "certify.ca-private-key",
                        "a " + key.getAlgorithm() + " key; Certify signs with RSA or EC (ECDSA) issuing keys");
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another kind than the certificate's: not its pair
        }
    }

    private static boolean sameKey(X509Certificate a, X509Certificate b) {
        return Arrays.equals(a.getPublicKey().getEncoded(), b.getPublicKey().getEncoded());
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static IOException refused(String key, String problem) {
        return new IOException(key + ": " + problem);
    }
}
