package dev.snpkm.server.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who is on the other end of a connection, as proven by the TLS client certificate (KMIP 2.1 Profiles §3.1: the
 * identity comes from the channel when the request carries no Credential).
 *
 * @param subjectDn the certificate's subject in RFC 2253 form
 * @param commonName the subject's most specific CN, if any (PyKMIP and most appliances name clients by CN)
 * @param sha256Fingerprint lower-case hex SHA-256 of the DER certificate: the one value that pins exactly one cert
 * @param chain the certificates the client presented, leaf first (empty for an identity not from a handshake), so
 *     a revocation learnt after the handshake can still refuse the connection's next request
 */
public record ClientIdentity(
        String subjectDn, Optional<String> commonName, String sha256Fingerprint, List<X509Certificate> chain) {

    public ClientIdentity {
        Objects.requireNonNull(subjectDn, "subjectDn");
        Objects.requireNonNull(commonName, "commonName");
        chain = List.copyOf(chain);
        if (sha256Fingerprint == null || !sha256Fingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("fingerprint must be 64 lower-case hex digits");
        }
    }

    /** An identity without certificates (tests, tools): nothing for a revocation check to refuse. */
    public ClientIdentity(String subjectDn, Optional<String> commonName, String sha256Fingerprint) {
        this(subjectDn, commonName, sha256Fingerprint, List.of());
    }

    /** The identity of the end-entity certificate a TLS handshake authenticated. */
    public static ClientIdentity of(X509Certificate certificate) {
        return of(List.of(certificate));
    }

    /** The identity of a verified chain's leaf (first), keeping the chain for later revocation checks. */
    public static ClientIdentity of(List<X509Certificate> chain) {
        X509Certificate leaf = chain.get(0);
        String dn = leaf.getSubjectX500Principal().getName();
        return new ClientIdentity(dn, commonNameOf(dn), fingerprint(leaf), chain);
    }

    private static Optional<String> commonNameOf(String rfc2253) {
        try {
            // LdapName lists RDNs from least to most specific; the last CN is the most specific one.
            String cn = null;
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return Optional.ofNullable(cn);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint client certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return subjectDn + " (sha256 " + sha256Fingerprint.substring(0, 16) + "…)";
    }
}
