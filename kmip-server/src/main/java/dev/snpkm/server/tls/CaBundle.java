package dev.snpkm.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The CA certificates a PEM bundle holds: the trust anchors for client certificates. */
public record CaBundle(List<X509Certificate> certificates) {

    public CaBundle {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("CA bundle holds no certificate");
        }
    }

    public static CaBundle read(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new IOException("client CA bundle " + pem + " holds no PEM certificate; put the CA that "
                        + "issues client certificates there");
            }
            return new CaBundle(certs);
        } catch (CertificateException e) {
            throw new IOException("client CA bundle " + pem + " is not valid PEM certificates: " + e.getMessage(), e);
        }
    }
}
