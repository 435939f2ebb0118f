package dev.snpkm.appliance.bootstrap;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** A freshly issued certificate with its key pair; {@link #toString} never shows the private key. */
public record IssuedCredential(X509Certificate certificate, KeyPair keyPair) {
    @Override
    public String toString() {
        return "IssuedCredential[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
