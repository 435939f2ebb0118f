package dev.snpkm.server.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies client certificates: a PKIX path to one of the configured CAs, then the clientAuth extended key usage
 * unless the administrator waived it.
 *
 * <p>Our own PKIX check rather than the JDK's trust manager because the JDK always rejects a certificate whose EKU
 * extension lacks clientAuth, and vCenter client certificates may lack it.
 * With the waiver, the path and validity checks still apply; only the EKU check is skipped. Revocation: the path's
 * certificates are checked against the configured {@link ClientCrls} (opt-in per issuing CA; none by default).
 */
public final class ClientCertificateTrustManager extends X509ExtendedTrustManager {
    static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EKU = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final X509Certificate[] acceptedIssuers;
    private final boolean requireClientAuthEku;
    private final ClientCrls crls;
    private final LongAdder verifications = new LongAdder();

    public ClientCertificateTrustManager(CaBundle cas, boolean requireClientAuthEku) {
        this(cas, requireClientAuthEku, ClientCrls.none());
    }

    public ClientCertificateTrustManager(CaBundle cas, boolean requireClientAuthEku, ClientCrls crls) {
        this.anchors =
                cas.certificates().stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
        this.acceptedIssuers = cas.certificates().toArray(new X509Certificate[0]);
        this.requireClientAuthEku = requireClientAuthEku;
        this.crls = crls;
    }

    /**
     * How many client certificate chains this manager has verified. A resumed TLS session does not verify again, so
     * this counts full handshakes.
     */
    public long verifications() {
        return verifications.sum();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    private void verify(X509Certificate[] chain) throws CertificateException {
        verifications.increment();
        if (chain == null || chain.length == 0) {
            throw new CertificateException(
                    "the client sent no certificate; configure it with one issued by the " + "appliance CA");
        }
        X509Certificate leaf = chain[0];
        List<X509Certificate> path = withoutAnchors(chain);
        validatePath(path, leaf);
        if (requireClientAuthEku) {
            checkClientAuthEku(leaf);
        }
        // The refusal names the subject and serial; the transport logs it once with the handshake failure.
        Optional<String> revoked = crls.refusal(path);
        if (revoked.isPresent()) {
            throw new CertificateException(revoked.get());
        }
    }

    private void validatePath(List<X509Certificate> chain, X509Certificate leaf) throws CertificateException {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            throw new CertificateException(
                    "client certificate " + leaf.getSubjectX500Principal().getName() + " is not trusted ("
                            + e.getMessage() + "); issue it from a CA in the client CA bundle",
                    e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertificateException("client CA bundle is unusable: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot check client certificate: " + e.getMessage(), e);
        }
    }

    /** The path PKIX validates ends below the anchor, so a CA certificate the client also sent is dropped. */
    private List<X509Certificate> withoutAnchors(X509Certificate[] chain) {
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        return path;
    }

    private boolean isAnchor(X509Certificate cert) {
        return anchors.stream().anyMatch(a -> a.getTrustedCert().equals(cert));
    }

    private static void checkClientAuthEku(X509Certificate leaf) throws CertificateException {
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateException("client certificate has an unreadable extended key usage", e);
        }
        if (eku == null || !(eku.contains(CLIENT_AUTH_EKU) || eku.contains(ANY_EKU))) {
            throw new CertificateException(
                    "client certificate " + leaf.getSubjectX500Principal().getName()
                            + " lacks the clientAuth extended key usage; reissue it with extendedKeyUsage=clientAuth or "
                            + "set requireClientAuthEku=false");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager only verifies clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager only verifies clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only verifies clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
