package dev.snpkm.sev.cert;

import java.security.Provider;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * AMD signs every certificate of the chain (and its CRL) with RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48,
 * trailer 1 (every certificate AMD KDS serves). Anything else is refused before the signature is even checked.
 */
public final class AmdSignatureAlgorithm {
    /** A private provider instance: the verifier never registers Bouncy Castle globally. */
    static final Provider BC = new BouncyCastleProvider();

    private AmdSignatureAlgorithm() {}

    /** Empty if the algorithm identifier is exactly AMD's PSS profile, else the problem. */
    public static Optional<String> checkPssSha384(AlgorithmIdentifier alg) {
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg.getAlgorithm())) {
            return Optional.of("signature algorithm " + alg.getAlgorithm() + " is not RSASSA-PSS");
        }
        try {
            RSASSAPSSparams p = RSASSAPSSparams.getInstance(alg.getParameters());
            AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
            AlgorithmIdentifier mgfHash = AlgorithmIdentifier.getInstance(mgf.getParameters());
            if (!NISTObjectIdentifiers.id_sha384.equals(p.getHashAlgorithm().getAlgorithm())
                    || !PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
                    || !NISTObjectIdentifiers.id_sha384.equals(mgfHash.getAlgorithm())
                    || p.getSaltLength().intValueExact() != 48
                    || !p.getTrailerField().equals(new ASN1Integer(1).getValue())) {
                return Optional.of("RSASSA-PSS parameters are not SHA-384/MGF1-SHA-384/salt 48/trailer 1");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("unreadable RSASSA-PSS parameters: " + e.getMessage());
        }
    }

    /** True if {@code cert} carries AMD's PSS profile and a valid signature by {@code issuer}'s key. */
    public static boolean isSignedBy(X509CertificateHolder cert, X509CertificateHolder issuer) {
        if (checkPssSha384(cert.getSignatureAlgorithm()).isPresent()) {
            return false;
        }
        try {
            return cert.isSignatureValid(verifierFor(issuer));
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isSignedBy(X509CRLHolder crl, X509CertificateHolder issuer) {
        if (checkPssSha384(crl.toASN1Structure().getSignatureAlgorithm()).isPresent()) {
            return false;
        }
        try {
            return crl.isSignatureValid(verifierFor(issuer));
        } catch (Exception e) {
            return false;
        }
    }

    private static ContentVerifierProvider verifierFor(X509CertificateHolder issuer) throws Exception {
        return new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer.getSubjectPublicKeyInfo());
    }
}
