package dev.snpkm.sev.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

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
        return ("-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der())
                        + "\n-----END CERTIFICATE-----\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Writes the certificate (vek.der) and the TEST private key (vek-key.p8, PKCS#8, owner-only) so another JVM can
     * sign reports that chain to this JVM's {@link TestAmdHierarchy}. Test keys only: nothing real is ever saved.
     */
    public void save(Path dir) throws IOException {
        Files.write(dir.resolve("vek.der"), der());
        Path key = dir.resolve("vek-key.p8");
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(key, keyPair.getPrivate().getEncoded());
    }

    /** Reads what {@link #save} wrote. */
    public static TestVek load(Path dir) throws IOException {
        X509CertificateHolder cert = new X509CertificateHolder(Files.readAllBytes(dir.resolve("vek.der")));
        try {
            PublicKey pub =
                    new JcaX509CertificateConverter().getCertificate(cert).getPublicKey();
            PrivateKey priv = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("vek-key.p8"))));
            return new TestVek(cert, new KeyPair(pub, priv));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the test VEK from " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestVek[" + certificate.getSubject() + "]";
    }
}
