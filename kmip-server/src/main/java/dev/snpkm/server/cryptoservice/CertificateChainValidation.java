package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.enums.ValidityIndicator;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * The judgement of Validate (KMIP 1.4 §4.24, 2.1 §6.1.52), whose method the specification leaves to the server: the
 * certificates, in any order, must form one chain from one end-entity certificate to a self-signed root that is among
 * them, and the JDK's PKIX path validation (RFC 5280 §6: signatures, validity at the date, name chaining, basic
 * constraints, key usage, critical extensions) must accept the path with that root as its only trust anchor.
 *
 * <p>The trust anchor is the chain's own root: Validate says whether the chain is sound, not whether anyone trusts the
 * root. Revocation is not checked (no CRL or OCSP is fetched: the appliance makes no outbound connections), so a
 * revoked certificate can be Valid here.
 *
 * <ul>
 *   <li>Valid: the path validates, and the root's self-signature and validity period hold at the date.</li>
 *   <li>Invalid: the certificates do not form one chain (two end-entity certificates, one left over, an issuer
 *       repeated), or PKIX rejects the path, or the root is not valid at the date.</li>
 *   <li>Unknown: the chain does not end in a self-signed certificate (its root was not given), so nothing anchors it.
 *   </li>
 * </ul>
 */
public final class CertificateChainValidation {
    private CertificateChainValidation() {}

    public static ValidityIndicator judge(List<X509Certificate> given, Instant at) {
        List<X509Certificate> certificates = given.stream().distinct().toList();
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificates");
        }
        List<X509Certificate> path = orderedFromLeaf(certificates);
        if (path == null) {
            return ValidityIndicator.INVALID;
        }
        X509Certificate top = path.get(path.size() - 1);
        if (!isSelfIssued(top)) {
            return ValidityIndicator.UNKNOWN;
        }
        Date date = Date.from(at);
        try {
            top.verify(top.getPublicKey());
            top.checkValidity(date);
            List<X509Certificate> below = path.subList(0, path.size() - 1);
            if (below.isEmpty()) {
                return ValidityIndicator.VALID; // a lone self-signed certificate: its own signature and dates
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(below);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(top, null)));
            params.setRevocationEnabled(false);
            params.setDate(date);
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return ValidityIndicator.VALID;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return ValidityIndicator.INVALID;
        }
    }

    /**
     * The certificates from the one end-entity certificate (the one that issued none of the others) up through its
     * issuers; null when they are not one chain.
     */
    private static @Nullable List<X509Certificate> orderedFromLeaf(List<X509Certificate> certificates) {
        List<X509Certificate> leaves = new ArrayList<>();
        for (X509Certificate c : certificates) {
            if (certificates.stream().noneMatch(o -> !o.equals(c) && issued(c, o))) {
                leaves.add(c);
            }
        }
        if (leaves.size() != 1) {
            return null;
        }
        List<X509Certificate> path = new ArrayList<>(List.of(leaves.get(0)));
        X509Certificate at = leaves.get(0);
        while (!isSelfIssued(at)) {
            X509Certificate child = at;
            List<X509Certificate> issuers = certificates.stream()
                    .filter(o -> !o.equals(child) && issued(o, child))
                    .toList();
            if (issuers.isEmpty()) {
                break; // the chain stops short of a root
            }
            if (issuers.size() > 1 || path.contains(issuers.get(0))) {
                return null;
            }
            at = issuers.get(0);
            path.add(at);
        }
        return path.size() == certificates.size() ? path : null;
    }

    private static boolean issued(X509Certificate issuer, X509Certificate subject) {
        return principal(issuer.getSubjectX500Principal()).equals(principal(subject.getIssuerX500Principal()));
    }

    private static boolean isSelfIssued(X509Certificate c) {
        return issued(c, c);
    }

    private static String principal(X500Principal p) {
        return p.getName(X500Principal.CANONICAL);
    }
}
