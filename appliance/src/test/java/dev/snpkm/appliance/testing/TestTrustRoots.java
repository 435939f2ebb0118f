package dev.snpkm.appliance.testing;

import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** sev-verifier's generated AMD hierarchy as {@code <product>/ark|ask|asvk.pem}, the layout TrustRoots reads. */
public final class TestTrustRoots {
    private TestTrustRoots() {}

    /** Writes the hierarchy under {@code dir} (for attestation.test-trust-roots-dir) and returns {@code dir}. */
    public static Path write(Path dir) throws IOException {
        TestAmdHierarchy h = TestAmdHierarchy.get();
        for (ProductLine p : ProductLine.values()) {
            Path d = Files.createDirectories(dir.resolve(p.lowerName()));
            pem(d.resolve("ark.pem"), h.roots(p).ark());
            pem(d.resolve("ask.pem"), h.roots(p).ask());
            pem(d.resolve("asvk.pem"), h.roots(p).asvk());
        }
        return dir;
    }

    /**
     * Writes a PEM CRL of the product's generated ARK valid from an hour ago until {@code nextUpdate}, revoking the
     * given certificates (the product's ASK or ASVK; for attestation.amd-crls), and returns {@code file}.
     */
    public static Path writeCrl(Path file, ProductLine p, Instant nextUpdate, X509CertificateHolder... revoked)
            throws IOException {
        BigInteger[] serials = java.util.Arrays.stream(revoked)
                .map(X509CertificateHolder::getSerialNumber)
                .toArray(BigInteger[]::new);
        X509CRLHolder crl =
                TestAmdHierarchy.get().crl(p, Instant.now().minus(Duration.ofHours(1)), nextUpdate, serials);
        write(file, "X509 CRL", crl.getEncoded());
        return file;
    }

    private static void pem(Path file, X509CertificateHolder cert) throws IOException {
        write(file, "CERTIFICATE", cert.getEncoded());
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        StringWriter s = new StringWriter();
        try (PemWriter w = new PemWriter(s)) {
            w.writeObject(new PemObject(type, der));
        }
        Files.writeString(file, s.toString());
    }
}
