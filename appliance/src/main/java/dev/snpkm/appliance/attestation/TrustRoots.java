package dev.snpkm.appliance.attestation;

import dev.snpkm.sev.cert.AmdRootStore;
import dev.snpkm.sev.cert.CertificateDecoder;
import dev.snpkm.sev.cert.CertificateProblem;
import dev.snpkm.sev.cert.ProductRoots;
import dev.snpkm.sev.report.ProductLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMD roots the attestation verifier trusts. Production: AMD's real, fingerprint-pinned roots. The
 * {@code attestation.test-trust-roots-dir} setting swaps in a generated hierarchy so labs and the appliance's own
 * end-to-end tests can sign reports without SEV-SNP hardware; it is logged loudly because it lets software forge
 * evidence.
 */
public final class TrustRoots {
    private static final Logger LOG = LoggerFactory.getLogger(TrustRoots.class);

    private TrustRoots() {}

    /** AMD's real roots for {@code null}; otherwise the per-product directories found under {@code testDir}. */
    public static AmdRootStore load(Path testDir) throws IOException {
        if (testDir == null) {
            return AmdRootStore.builtIn();
        }
        List<ProductRoots> found = new ArrayList<>();
        for (ProductLine p : ProductLine.values()) {
            Path d = testDir.resolve(p.lowerName());
            if (Files.isDirectory(d)) {
                found.add(new ProductRoots(
                        p, read(d.resolve("ark.pem")), read(d.resolve("ask.pem")), read(d.resolve("asvk.pem"))));
            }
        }
        if (found.isEmpty()) {
            throw new IOException("attestation.test-trust-roots-dir " + testDir + " has no <product>/ark.pem set");
        }
        AmdRootStore store;
        try {
            store = AmdRootStore.of(found);
        } catch (IllegalArgumentException e) {
            throw new IOException("attestation.test-trust-roots-dir " + testDir + ": " + e.getMessage(), e);
        }
        LOG.warn(
                "event=test_trust_roots dir={} products={} note=\"NOT AMD's roots: for tests and labs only\"",
                testDir,
                found.stream().map(r -> r.product().lowerName()).toList());
        return store;
    }

    private static X509CertificateHolder read(Path pem) throws IOException {
        try {
            return CertificateDecoder.certificate(Files.readAllBytes(pem));
        } catch (CertificateProblem e) {
            throw new IOException(pem + ": " + e.getMessage(), e);
        }
    }
}
