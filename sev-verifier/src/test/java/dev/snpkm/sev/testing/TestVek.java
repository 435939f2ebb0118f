package dev.snpkm.sev.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.Base64;
import org.bouncycastle.cert.X509CertificateHolder;

/** A generated VCEK/VLEK certificate and its P-384 key pair (test-only; the private key never leaves the JVM). */
public record TestVek(X509CertificateHolder certificate, KeyPair keyPair) {

    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] pem() {
        return ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der())
                + "\n-----END CERTIFICATE-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "TestVek[" + certificate.getSubject() + "]";
    }
}
