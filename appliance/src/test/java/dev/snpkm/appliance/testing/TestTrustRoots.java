package dev.snpkm.appliance.testing;

import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static void pem(Path file, X509CertificateHolder cert) throws IOException {
        StringWriter s = new StringWriter();
        try (PemWriter w = new PemWriter(s)) {
            w.writeObject(new PemObject("CERTIFICATE", cert.getEncoded()));
        }
        Files.writeString(file, s.toString());
    }
}
